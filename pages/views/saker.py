"""Page Lagrede saker: saved cases and municipality maps, their history, and the bin.

Everything goes through :mod:`pages.widgets.storage_ui` and the repository; this page has
no SQL and caches no case content. The repository acts for this tab's user, so the lists
hold only what that user may see; the page also hides what the user's role does not allow
(the repository refuses it anyway). Owners manage the members of a case and read its
«Logg»; administrators (team mode) get «Administrasjon»: which cases exist and who owns
them, new owners, denied attempts and the whole access log as CSV.

The page holds at most the content of the version shown and the two compared: the
history is listed from metadata (number, time, note, size, origin, who saved), and the
export file is made only when asked for.
"""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from graph.format import InvalidFileError, validate_case
from graph.maps import diff_map_spec, network_map
from graph.reference import load_catalogue
from graph.storage import (
    ACTION_WORDS,
    EDITOR,
    ORIGIN_WORDS,
    OWNER,
    RETENTION,
    ROLE_WORDS,
    DocumentInfo,
    Repository,
    change_rows,
    compare_cases,
    database_url,
    describe_kind,
    format_date,
    format_time,
    gap_rows,
    hidden_fields,
    rank,
)
from pages.widgets import state, storage_ui, team, ui
from pages.widgets.item import ITEMS

SELECTED = state.SAKER_SELECTED
CONFIRM_DELETE = state.SAKER_CONFIRM_DELETE
HIDDEN_ROWS = 200
"""At most this many hidden fields are listed for one version (each cut to HIDDEN_CHARS)."""
HIDDEN_CHARS = 300
SEEN_IMPORT = state.SAKER_SEEN_IMPORT
DAYS = RETENTION.days

catalogue = load_catalogue()


# --------------------------------------------------------------------------- helpers


def documents_frame(items: list[DocumentInfo]) -> pd.DataFrame:
    """The list of saved items as a table (names as typed, shown as text)."""
    return pd.DataFrame(
        {
            "Navn": [info.name for info in items],
            "Versjoner": [info.version for info in items],
            "Sist lagret": [format_time(info.updated_at) for info in items],
            "Opprettet": [format_time(info.created_at) for info in items],
        }
    )


def pick(items: list[DocumentInfo], kind: str) -> DocumentInfo:
    """A picker of the listed items; returns the chosen one."""
    by_id = {info.id: info for info in items}
    label = "Velg en sak" if kind == "case" else "Velg et kommunekart"
    chosen = st.selectbox(
        label, list(by_id), format_func=lambda i: by_id[i].name, key=SELECTED[kind]
    )
    return by_id.get(chosen, items[0])


def case_map(content: dict) -> None:
    """The map of one stored version, with the actors the guidance says are missing."""
    ui.show_map(network_map(validate_case(content), catalogue))


# --------------------------------------------------------------------------- sections


def current_item_section(kind: str) -> None:
    """Save the case (or municipality map) that is open in its editing page."""
    content = ITEMS[kind].content
    what, page = (
        ("Saken", "Nettverkskart") if kind == "case" else ("Kommunekartet", "Kommunens aktørkart")
    )
    with st.container(border=True):
        st.markdown(f"**{what} du arbeider med nå**")
        if content is None:
            st.caption(
                f"Ingenting er åpent i denne nettleserfanen. Start eller åpne på siden {page}, "
                "og kom tilbake hit for å lagre."
            )
            return
        if kind == "case":
            st.caption(f"Tittel: {ui.plain(str(content.get('title') or 'Uten tittel'))}")
        else:
            st.caption(f"Kommunenummer: {ui.plain(str(content.get('kommunenummer', '')))}")
        storage_ui.save_controls(content, kind)


def actions(repo: Repository, info: DocumentInfo) -> None:
    """Open, copy, practice copy, export, delete and rename one item."""
    kind = info.kind
    editor = "Nettverkskart" if kind == "case" else "Kommunens aktørkart"
    may_edit, may_own = rank(info.role) >= rank(EDITOR), rank(info.role) >= rank(OWNER)
    if not may_edit:
        st.caption(
            f"Du er {ui.plain(ROLE_WORDS.get(info.role or '', 'leser').lower())}: du kan se "
            f"{'saken' if kind == 'case' else 'kommunekartet'}, men ikke lagre, kopiere, "
            "eksportere eller slette."
        )
    row = st.container(horizontal=True)
    if row.button(f"Åpne i {editor}", key=state.saker_widget("open", kind), type="primary"):
        stored = storage_ui.attempt("Saken ble ikke åpnet.", lambda: repo.open(info.id))
        if stored is not None:
            storage_ui.request_open(stored, f"Åpnet «{info.name}», versjon {stored.number}.")
    if not may_edit:
        return
    if row.button(
        "Lag kopi",
        key=state.saker_widget("copy", kind),
        help="En ny sak med innholdet slik det er nå.",
    ):
        copied = storage_ui.attempt("Kopien ble ikke laget.", lambda: repo.duplicate(info.id))
        if copied is not None:
            storage_ui.notify(f"Laget «{copied.name}».")
            st.rerun()
    if kind == "case" and row.button(
        "Lag øvingskopi",
        key=state.saker_widget("practice_copy"),
        help="En kopi til kurs og øving: alle navn byttes med aktørtypen, pseudonymet blir "
        "«Personen», og notater, kontaktinformasjon og historikk blir ikke med.",
    ):
        copied = storage_ui.attempt(
            "Øvingskopien ble ikke laget.", lambda: repo.practice_copy(info.id)
        )
        if copied is not None:
            storage_ui.notify(f"Laget «{copied.name}» uten personopplysninger.")
            st.rerun()
    if row.button(
        "Eksporter med historikk",
        key=state.saker_widget("export", kind),
        icon=":material/download:",
        help="Lager én JSON-fil med alle versjonene. Den kan importeres igjen under «Importer».",
    ):
        data = storage_ui.attempt("Eksporten ble ikke laget.", lambda: repo.export_bytes(info.id))
        if data is not None:
            # Made on request only, and not kept in the session: the next rerun frees it.
            row.download_button(
                f"Last ned eksportfilen ({len(data) / 1e6:.1f} MB)",
                data,
                f"tverrkart-{'sak' if kind == 'case' else 'kommunekart'}-{info.id}.json",
                "application/json",
                key=state.saker_widget("export_file", kind),
                icon=":material/download:",
                on_click="ignore",
                type="primary",
            )
    if may_own and row.button(
        "Slett …", key=state.saker_widget("delete", kind), icon=":material/delete:"
    ):
        st.session_state[CONFIRM_DELETE] = info.id
    if may_own and st.session_state.get(CONFIRM_DELETE) == info.id:
        confirm_delete(repo, info)
    if may_own:
        erase_section(repo, info)
    with st.expander("Gi nytt navn"), st.form(state.saker_widget("rename", info.id), border=False):
        name = st.text_input(
            "Nytt navn i listen",
            value=info.name,
            max_chars=200,
            key=state.saker_widget("rename_name", info.id),
        )
        if st.form_submit_button("Gi nytt navn"):
            renamed = storage_ui.attempt(
                "Navnet ble ikke endret.", lambda: repo.rename(info.id, name)
            )
            if renamed is not None:
                storage_ui.notify(f"Nytt navn: «{renamed.name}».")
                st.rerun()


def confirm_delete(repo: Repository, info: DocumentInfo) -> None:
    """Ask before deleting; say how long it can be restored."""
    versions = "den ene versjonen" if info.version == 1 else f"alle {info.version} versjonene"
    st.warning(
        f"Vil du slette **{ui.plain(info.name)}** med {versions}? Du kan gjenopprette den "
        f"under «Slettet» i {DAYS} dager. Etter det er den borte for godt.",
        icon=":material/warning:",
    )
    row = st.container(horizontal=True)
    if row.button("Ja, slett", key=state.saker_widget("delete_yes"), type="primary"):
        deleted = storage_ui.attempt("Saken ble ikke slettet.", lambda: repo.delete(info.id))
        st.session_state.pop(CONFIRM_DELETE, None)
        if deleted is not None:
            storage_ui.notify(
                f"«{deleted.name}» er slettet. Den kan gjenopprettes til "
                f"{format_date(deleted.purge_at)}."
            )
            st.rerun()
    if row.button("Avbryt", key=state.saker_widget("delete_no")):
        st.session_state.pop(CONFIRM_DELETE, None)
        st.rerun()


def history_section(repo: Repository, info: DocumentInfo) -> None:
    """Every version with its time and note; show one; compare two."""
    history = storage_ui.attempt("Historikken ble ikke hentet.", lambda: repo.history(info.id))
    if not history:
        return
    st.markdown("#### Historikk")
    st.dataframe(
        pd.DataFrame(
            {
                "Versjon": [v.number for v in history],
                "Lagret": [format_time(v.saved_at) for v in history],
                "Merknad": [v.note for v in history],
                "Størrelse": [size_text(v.size) for v in history],
                "Opprinnelse": [ORIGIN_WORDS.get(v.origin, v.origin) for v in history],
                "Lagret av": [v.saved_by or "Ukjent" for v in history],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if st.button(
        "Kontroller alle versjoner",
        key=state.saker_widget("verify", info.id),
        icon=":material/verified:",
        help="Sjekker hver versjon mot kontrollsummen den ble lagret med, én og én.",
    ):
        broken = storage_ui.attempt("Kontrollen ble ikke gjort.", lambda: repo.verify(info.id))
        if broken == []:
            st.success(f"Alle {len(history)} versjonene stemmer med kontrollsummene sine.")
        elif broken:
            numbers = ", ".join(str(n) for n in broken)
            st.error(
                f"Versjon {numbers} er endret utenfor Tverrkart og stemmer ikke med "
                "kontrollsummen. De blir ikke vist eller eksportert. Be den som drifter "
                "Tverrkart om å hente saken fra en sikkerhetskopi.",
                icon=":material/error:",
            )
    if any(v.origin == "unverified" for v in history):
        st.warning(
            "Historikken er ikke bekreftet: den ble importert fra en fil som ikke er signert av "
            "denne installasjonen (fra en annen installasjon, eller endret etter eksporten). "
            "Tidspunktene og merknadene er slik de sto i filen, og kan være feil.",
            icon=":material/gpp_maybe:",
        )
    numbers = [v.number for v in history]
    notes = {v.number: v for v in history}

    def label(number: int) -> str:
        version = notes[number]
        text = f"Versjon {number} ({format_time(version.saved_at)})"
        return f"{text} – {version.note}" if version.note else text

    show_tab, compare_tab = st.tabs(["Vis en versjon", "Sammenlign to versjoner"])
    with show_tab:
        number = st.selectbox(
            "Versjon", numbers, format_func=label, key=state.saker_widget("show_version", info.id)
        )
        stored = storage_ui.attempt("Versjonen ble ikke åpnet.", lambda: repo.open(info.id, number))
        if stored is not None:
            show_version(stored, info)
    with compare_tab:
        if len(numbers) < 2:
            st.info("Det finnes bare én versjon. Lagre en ny versjon for å kunne sammenligne.")
        elif info.kind != "case":
            st.info("Sammenligning finnes foreløpig bare for saker.")
        else:
            compare_section(repo, info, numbers, label)


def size_text(size: int) -> str:
    """A size in bytes in words: «812 kB», «4,6 MB»."""
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} kB"


def hidden_section(stored, info: DocumentInfo) -> None:
    """Notes, contacts and other fields the map does not show, so they can be checked."""
    rows = hidden_fields(info.kind, stored.content)
    title = f"Felt som ikke vises i kartet ({len(rows)})"
    with st.expander(title, icon=":material/visibility:"):
        if not rows:
            st.caption("Denne versjonen har ingen notater, kontaktopplysninger eller andre felt.")
            return
        st.caption(
            "Notater, kontaktopplysninger og andre felt som er lagret i denne versjonen. "
            "Står det noe her som ikke skal være lagret (for eksempel et ekte navn), bruk "
            "«Fjern en opplysning fra alle versjoner» over."
        )
        shown = [
            {
                **row,
                "Verdi": row["Verdi"][:HIDDEN_CHARS]
                + ("…" if len(row["Verdi"]) > HIDDEN_CHARS else ""),
            }
            for row in rows[:HIDDEN_ROWS]
        ]
        st.dataframe(pd.DataFrame(shown), hide_index=True, width="stretch")
        if len(rows) > HIDDEN_ROWS:
            st.caption(f"Viser de første {HIDDEN_ROWS} av {len(rows)} feltene.")


def erase_section(repo: Repository, info: DocumentInfo) -> None:
    """Erase a mistaken value (such as a real name) from every version, with confirmation."""
    with st.expander("Fjern en opplysning fra alle versjoner", icon=":material/ink_eraser:"):
        st.caption(
            "For et ekte navn eller en annen opplysning som er skrevet inn ved en feil: teksten "
            "byttes ut i alle versjonene (innhold og merknader) og kan ikke hentes tilbake fra "
            "Tverrkart. Det logges hvem som gjorde det, når og i hvilke felt — aldri selve "
            "teksten. Sikkerhetskopier som er tatt før, har den fortsatt. Navnet i listen endrer "
            "du med «Gi nytt navn»."
        )
        with st.form(state.saker_widget("erase", info.id), border=False, clear_on_submit=True):
            text = st.text_input(
                "Teksten som skal fjernes (nøyaktig slik den står)",
                key=state.saker_widget("erase_text", info.id),
            )
            replacement = st.text_input(
                "Erstattes med",
                value="[fjernet]",
                max_chars=200,
                key=state.saker_widget("erase_with", info.id),
            )
            who = st.text_input(
                "Ditt navn eller brukernavn (til loggen)",
                max_chars=200,
                key=state.saker_widget("erase_who", info.id),
            )
            sure = st.checkbox(
                "Jeg forstår at dette endrer alle versjonene og ikke kan angres",
                key=state.saker_widget("erase_sure", info.id),
            )
            submitted = st.form_submit_button("Fjern fra alle versjoner", type="primary")
        if submitted and not sure:
            st.warning("Kryss av for at du forstår at dette ikke kan angres. Ingenting er endret.")
        elif submitted:
            result = storage_ui.attempt(
                "Teksten ble ikke fjernet.",
                lambda: repo.erase_text(info.id, text, erased_by=who, replacement=replacement),
            )
            if result is not None:
                changed, fields = result
                versions = "én versjon" if changed == 1 else f"{changed} versjoner"
                storage_ui.notify(f"Fjernet teksten fra {versions} (felt: {', '.join(fields)}).")
                st.rerun()
        log = storage_ui.attempt("Loggen ble ikke hentet.", lambda: repo.erasures(info.id))
        if log:
            st.markdown("**Logg**")
            st.dataframe(
                pd.DataFrame(
                    {
                        "Tidspunkt": [format_time(e["erased_at"]) for e in log],
                        "Hvem": [e["erased_by"] for e in log],
                        "Felt": [e["fields"] for e in log],
                        "Versjoner": [e["versions_changed"] for e in log],
                    }
                ),
                hide_index=True,
                width="stretch",
            )


def show_version(stored, info: DocumentInfo) -> None:
    """One stored version: the map (cases) or the tables (municipality maps)."""
    content = stored.content
    if stored.origin != "saved":
        st.caption(f"Opprinnelse: {ORIGIN_WORDS.get(stored.origin, stored.origin)}.")
    hidden_section(stored, info)
    if not stored.is_latest:
        st.caption(
            f"Dette er versjon {stored.number}. Åpner du den, blir den utgangspunktet; "
            "lagrer du, blir den en ny versjon, og de andre versjonene blir ikke borte."
        )
        if st.button(
            f"Åpne versjon {stored.number}", key=state.saker_widget("open_old", info.kind)
        ):
            storage_ui.request_open(stored, f"Åpnet versjon {stored.number} av «{info.name}».")
    if info.kind == "case":
        try:
            case_map(content)
        except InvalidFileError as error:
            ui.show_problems("Denne versjonen kan ikke tegnes.", error.problems)
        return
    actors = content.get("actors", [])
    st.dataframe(
        pd.DataFrame(
            {
                "Navn": [a.get("label", "") for a in actors],
                "Type": [catalogue.label(a.get("type", "")) for a in actors],
                "Kontakt": [a.get("contact", "") for a in actors],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    structures = content.get("structures", {})
    st.dataframe(
        pd.DataFrame(
            {
                "Struktur": list(structures),
                "Finnes": ["Ja" if v else "Nei" for v in structures.values()],
            }
        ),
        hide_index=True,
    )


def compare_section(repo: Repository, info: DocumentInfo, numbers: list[int], label) -> None:
    """Two versions side by side: the changes on one map and in tables."""
    older_col, newer_col = st.columns(2)
    older = older_col.selectbox(
        "Fra versjon",
        numbers,
        index=1,
        format_func=label,
        key=state.saker_widget("compare_from", info.id),
    )
    newer = newer_col.selectbox(
        "Til versjon",
        numbers,
        index=0,
        format_func=label,
        key=state.saker_widget("compare_to", info.id),
    )
    if older == newer:
        st.info("Velg to forskjellige versjoner.")
        return
    if older > newer:
        older, newer = newer, older
        st.caption("Versjonene er byttet om, så endringene leses fra den eldste til den nyeste.")
    pair = storage_ui.attempt(
        "Versjonene ble ikke hentet.", lambda: repo.open_pair(info.id, older, newer)
    )
    if pair is None:
        return
    try:
        old, new = validate_case(pair[0].content), validate_case(pair[1].content)
    except InvalidFileError as error:  # saved by an older Tverrkart, refused today
        ui.show_problems("Versjonene kan ikke sammenlignes.", error.problems)
        return
    diff = compare_cases(old, new, catalogue)
    if diff.is_empty:
        st.info(f"Versjon {older} og {newer} har det samme nettverket og de samme manglene.")
        return
    counts = st.columns(4)
    counts[0].metric("Nye aktører", diff.count("actors", "added"))
    counts[1].metric("Fjernede aktører", diff.count("actors", "removed"))
    counts[2].metric("Endrede aktører", diff.count("actors", "changed"))
    counts[3].metric(
        "Endringer i bånd",
        len(diff.ties),
        help="Nye, fjernede og endrede bånd til sammen.",
    )
    st.caption(
        f"Kartet viser versjon {newer}. Grønt er nytt, grått og stiplet er fjernet siden "
        f"versjon {older}, oransje er endret. Rød stiplet kant er en ny mangel."
    )
    ui.show_map(diff_map_spec(old, new, diff, catalogue))
    rows = change_rows(diff, old, new, catalogue)
    if rows:
        st.markdown("**Endringer**")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.markdown("**Mangler ifølge veilederen**")
    gaps = gap_rows(diff, catalogue)
    if gaps:
        st.dataframe(pd.DataFrame(gaps), hide_index=True, width="stretch")
    else:
        st.caption("Manglene er de samme i begge versjonene.")


def items_tab(repo: Repository, kind: str) -> None:
    """The list of saved items of one kind, and what can be done with the chosen one."""
    items = storage_ui.attempt("Listen ble ikke hentet.", lambda: repo.list(kind))
    if items is None:
        return
    if not items:
        what = "saker" if kind == "case" else "kommunekart"
        st.info(f"Ingen lagrede {what} ennå.")
        return
    st.dataframe(documents_frame(items), hide_index=True, width="stretch")
    info = pick(items, kind)
    actions(repo, info)
    if kind == "case" and not repo.actor.local:
        members_section(repo, info)
    history_section(repo, info)
    if kind == "case" and info.role == OWNER:
        log_section(repo, info)


def members_section(repo: Repository, info: DocumentInfo) -> None:
    """Who may see the case and with which role; owners add, change and remove members."""
    members = storage_ui.attempt("Medlemmene ble ikke hentet.", lambda: repo.members(info.id))
    if members is None:
        return
    with st.expander(f"Medlemmer ({len(members)})", icon=":material/group:"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Navn": [m["name"] for m in members],
                    "Rolle": [ROLE_WORDS.get(m["role"], m["role"]) for m in members],
                    "Lagt til": [format_time(m["added_at"]) for m in members],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        if info.role != OWNER:
            st.caption("Bare eiere av saken kan endre hvem som er medlem.")
            return
        st.caption(
            "Eier: styrer medlemmer og kan slette. Redaktør: kan lagre nye versjoner. "
            "Leser: kan se saken. Brukeren må ha logget inn i Tverrkart minst én gang."
        )
        with st.form(state.saker_widget("member_form", info.id), border=False):
            who = st.text_input(
                "E-postadresse eller brukerident",
                max_chars=255,
                key=state.saker_widget("member_who", info.id),
            )
            role = st.selectbox(
                "Rolle",
                list(ROLE_WORDS),
                index=2,
                format_func=ROLE_WORDS.get,
                key=state.saker_widget("member_role", info.id),
            )
            if st.form_submit_button("Legg til eller endre rolle"):
                added = storage_ui.attempt(
                    "Medlemmet ble ikke lagt til.", lambda: repo.set_member(info.id, who, role)
                )
                if added is not None:
                    storage_ui.notify(f"{added['name']} er nå {ROLE_WORDS[role].lower()}.")
                    st.rerun()
        others = {m["subject"]: m["name"] for m in members if m["subject"] != repo.actor.subject}
        if others:
            row = st.container(horizontal=True, vertical_alignment="bottom")
            gone = row.selectbox(
                "Fjern tilgang for",
                list(others),
                format_func=others.get,
                key=state.saker_widget("member_remove_who", info.id),
            )
            if row.button("Fjern tilgang", key=state.saker_widget("member_remove", info.id)):
                removed = storage_ui.attempt(
                    "Tilgangen ble ikke fjernet.",
                    lambda: repo.remove_member(info.id, gone) or True,
                )
                if removed:
                    storage_ui.notify(f"{others[gone]} har ikke lenger tilgang til saken.")
                    st.rerun()


def log_frame(rows: list[dict]) -> pd.DataFrame:
    """Access-log rows as a table: when, who, what, which item and version (no content)."""
    return pd.DataFrame(
        {
            "Tidspunkt": [format_time(r["at"]) for r in rows],
            "Bruker": [r["name"] for r in rows],
            "Handling": [ACTION_WORDS.get(r["action"], r["action"]) for r in rows],
            "Sak": ["" if r["document_id"] is None else str(r["document_id"]) for r in rows],
            "Versjon": ["" if r["version"] is None else str(r["version"]) for r in rows],
            "Detalj": [r["detail"] for r in rows],
        }
    )


def log_section(repo: Repository, info: DocumentInfo) -> None:
    """«Logg»: who has seen and changed the case, and when (owners)."""
    with st.expander("Logg", icon=":material/history_edu:"):
        rows = storage_ui.attempt("Loggen ble ikke hentet.", lambda: repo.access_log(info.id))
        if not rows:
            st.caption("Ingen hendelser er logget for saken.")
            return
        st.caption("Hvem som har sett og endret saken, og når. Nyeste først.")
        st.dataframe(log_frame(rows), hide_index=True, width="stretch")


def admin_tab(repo: Repository) -> None:
    """Administrators: which cases exist and who owns them, new owners, the access log."""
    st.caption(
        "Som administrator ser du hvilke saker som finnes og hvem som eier dem, men ikke "
        "innholdet. Gjør du deg selv til eier for å åpne en sak, blir det logget."
    )
    overview = storage_ui.attempt("Oversikten ble ikke hentet.", repo.overview)
    if overview is None:
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Sak": [str(row["id"]) for row in overview],
                "Tittel": [row["name"] for row in overview],
                "Eiere": [", ".join(row["owners"]) or "Ingen" for row in overview],
                "Opprettet": [format_time(row["created_at"]) for row in overview],
                "Sist lagret": [format_time(row["updated_at"]) for row in overview],
                "Slettet": [
                    format_time(row["deleted_at"]) if row["deleted_at"] else "" for row in overview
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if overview:
        by_id = {row["id"]: row for row in overview}
        with st.form(state.saker_widget("admin_owner_form"), border=False):
            chosen = st.selectbox(
                "Sak",
                list(by_id),
                format_func=lambda i: f"{i}: {by_id[i]['name']}",
                key=state.saker_widget("admin_case"),
            )
            who = st.text_input(
                "Ny eier (e-postadresse eller brukerident)",
                max_chars=255,
                key=state.saker_widget("admin_owner"),
            )
            if st.form_submit_button("Gjør til eier"):
                user = storage_ui.attempt(
                    "Eieren ble ikke endret.", lambda: repo.reassign_owner(chosen, who)
                )
                if user is not None:
                    storage_ui.notify(f"{user['name']} er nå eier av sak {chosen}.")
                    st.rerun()
    denied = storage_ui.attempt(
        "Loggen ble ikke hentet.", lambda: repo.access_log_all(denied_only=True, limit=200)
    )
    st.markdown("**Nektede forsøk**")
    if denied:
        st.dataframe(log_frame(denied), hide_index=True, width="stretch")
    elif denied is not None:
        st.caption("Ingen nektede forsøk er logget.")
    if st.button("Lag CSV med hele tilgangsloggen", key=state.saker_widget("admin_log")):
        rows = storage_ui.attempt(
            "Loggen ble ikke hentet.", lambda: repo.access_log_all(export=True)
        )
        if rows is not None:
            buffer = io.StringIO()
            log_frame(rows).to_csv(buffer, index=False)
            st.download_button(
                f"Last ned tilgangsloggen ({len(rows)} rader)",
                buffer.getvalue().encode("utf-8"),
                "tverrkart-tilgangslogg.csv",
                "text/csv",
                key=state.saker_widget("admin_log_file"),
                on_click="ignore",
                type="primary",
                icon=":material/download:",
            )


def deleted_tab(repo: Repository) -> None:
    """Deleted items that can still be restored, with the date they go for good."""
    st.caption(
        f"Slettede saker og kommunekart kan gjenopprettes i {DAYS} dager. "
        "Etter det fjernes de for godt, med alle versjoner."
    )
    found = False
    for kind in ("case", "municipality"):
        items = storage_ui.attempt(
            "Listen ble ikke hentet.", lambda k=kind: repo.list(k, deleted=True)
        )
        for info in items or []:
            found = True
            text_col, button_col = st.columns([4, 1])
            what = "Sak" if kind == "case" else "Kommunekart"
            text_col.markdown(
                f"{what}: **{ui.plain(info.name)}** – slettet {format_time(info.deleted_at)}, "
                f"fjernes for godt {format_date(info.purge_at)}"
            )
            if info.role != "eier":
                button_col.caption("Bare eiere kan gjenopprette.")
            elif button_col.button("Gjenopprett", key=state.saker_widget("restore", info.id)):
                restored = storage_ui.attempt(
                    "Saken ble ikke gjenopprettet.", lambda i=info: repo.restore(i.id)
                )
                if restored is not None:
                    storage_ui.notify(f"«{restored.name}» er gjenopprettet med hele historikken.")
                    st.rerun()
    if not found:
        st.info("Ingenting er slettet.")


def import_tab(repo: Repository) -> None:
    """Import an exported item (all versions) or a single case or municipality file."""
    st.caption(
        "Last opp en fil fra «Eksporter med historikk», eller en vanlig saksfil eller kommunefil. "
        "Den blir en ny sak ved siden av de andre; ingenting blir overskrevet. En fil med feil "
        "endrer ingenting."
    )
    uploaded = ui.new_upload(
        "Fil å importere (.json)", key=state.SAKER_IMPORT_FILE, help=None, seen_key=SEEN_IMPORT
    )
    if uploaded is None:
        return
    try:
        data = ui.take_upload(uploaded)  # counted against the tab's limits, freed on the server
    except ui.UploadRefusedError as refused:
        st.error(f"Filen ble ikke importert. {ui.plain(str(refused))}", icon=":material/error:")
        return
    info = storage_ui.attempt(
        f"Filen «{uploaded.name}» ble ikke importert.", lambda: repo.import_archive(data)
    )
    if info is not None:
        versions = "én versjon" if info.version == 1 else f"{info.version} versjoner"
        origin = storage_ui.attempt("", lambda: repo.history(info.id)[0].origin)
        unverified = (
            " Historikken er ikke bekreftet (filen er fra en annen installasjon eller endret "
            "etter eksporten), og versjonene er merket «ikke bekreftet»."
            if origin == "unverified"
            else ""
        )
        storage_ui.notify(f"Importerte «{info.name}» med {versions}.{unverified}")
        st.rerun()


# --------------------------------------------------------------------------- the page

st.title("Lagrede saker")
st.caption(
    f"Sakene lagres i databasen på serveren ({describe_kind(database_url())}). "
    "Hver lagring blir en egen versjon med tid og merknad. Bruk pseudonym, aldri navn eller "
    "fødselsnummer."
)
repository = storage_ui.repository()
if repository is None:
    st.stop()
if team.settings() is None:
    st.caption("Lokal modus: én bruker, ingen innlogging.")
else:
    st.caption(
        f"Innlogget som {ui.plain(repository.actor.name)}. Du ser bare sakene du er medlem av."
    )
storage_ui.show_notice()
for kind in ("case", "municipality"):
    storage_ui.still_allowed(kind, repository)  # a removed member's open case is closed
current_item_section("case")
if repository.actor.is_admin and not repository.actor.local:
    cases_tab, municipality_tab, bin_tab, upload_tab, *admin = st.tabs(
        ["Saker", "Kommunekart", "Slettet", "Importer", "Administrasjon"]
    )
else:
    cases_tab, municipality_tab, bin_tab, upload_tab, *admin = st.tabs(
        ["Saker", "Kommunekart", "Slettet", "Importer"]
    )
with cases_tab:
    items_tab(repository, "case")
with municipality_tab:
    if ITEMS["municipality"].is_open():
        current_item_section("municipality")
    items_tab(repository, "municipality")
with bin_tab:
    deleted_tab(repository)
with upload_tab:
    import_tab(repository)
if admin:
    with admin[0]:
        admin_tab(repository)
