"""Reference data about Norway's municipalities, read from ``data/municipalities/``.

It depends on nothing but the data files, so both the file format
(:mod:`graph.validation`, which names a municipality's new number) and the
municipality features (:mod:`graph.municipality`, which validates files) can use it
without importing each other.

- :mod:`~graph.reference.registry` – the 357 municipalities of 2024 and which police
  district, RVTS region and konfliktråd each belongs to (with confidence);
- :mod:`~graph.reference.crosswalk` – kommunenummer before 2024 and what they are now;
- :mod:`~graph.reference.sources` – the sources the municipality data cites.
"""
