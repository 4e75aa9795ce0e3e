"""Files other tools and meetings use (issue 15), one job per module.

- :mod:`.cells`: text that a spreadsheet must never read as a formula;
- :mod:`.graphml`: GraphML that Gephi reads correctly, and reading it back with networkx;
- :mod:`.gexf`: Gephi's own format;
- :mod:`.tables`: a case as rows (actors, ties, gaps, steps), shared by CSV, XLSX and PDF;
- :mod:`.csv_zip`: Gephi's node and edge tables as CSV, two files in one zip;
- :mod:`.xlsx_out`: a case or a municipality map as a workbook;
- :mod:`.xlsx_in`: actors and ties from a workbook, every problem at once;
- :mod:`.schema`: the JSON Schema of every file and output;
- :mod:`.svg`: a map specification drawn as a standalone SVG;
- :mod:`.pdf`: the meeting sheet («Møteark») and the municipality summary as PDF.
"""
