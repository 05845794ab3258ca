"""The task pane page (Danish). No inline script: settings travel in ``data-`` attributes."""

from __future__ import annotations

from html import escape

from som_xl.addin.commands import COMMANDS
from som_xl.addin.config import AddinConfig
from som_xl.addin.functions import NAMESPACE, function_specs


def _buttons(keys: tuple[str, ...]) -> str:
    return "\n".join(
        f'      <button type="button" class="cmd" data-command="{escape(k)}" title="{escape(COMMANDS[k].help)}">'
        f"{escape(COMMANDS[k].title)}</button>" for k in keys)


def functions_help() -> str:
    """One line on the worksheet functions' names here (``SOM.PRIS``) and on the desktop (``SOM_PRIS``)."""
    specs = function_specs()
    here = ", ".join(f"={NAMESPACE}.{s.excel_name}(…)" for s in specs[:2])
    return (f"Regnearksfunktionerne hedder her {here} osv., med punktum; i .xlsm-udgaven med Python "
            f"hedder de {specs[0].id} osv. (se README, 'Excel uden Python').")


def render_taskpane(config: AddinConfig) -> str:
    """The HTML of ``/addin/taskpane.html`` for ``config``."""
    import xlwings  # lazy: after xlwings_pro.ensure_engine has set the licence key, as xlwings_pro's imports

    token = escape(config.token_url or "")
    return f"""<!doctype html>
<html lang="da">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>SØM</title>
  <link rel="stylesheet" href="static/taskpane.css">
  <script src="{escape(config.officejs_url)}"></script>
  <script src="static/client.js"></script>
  <script src="functions.js"></script>
  <script src="static/taskpane.js"></script>
</head>
<body data-token-url="{token}" data-xlwings-version="{escape(xlwings.__version__)}">
  <header>
    <h1>SØM</h1>
    <p>Den Socialøkonomiske Investeringsmodel. Beregningen kører på erfaringsdatabasens server;
      der gemmes intet, når du beregner.</p>
  </header>
  <main>
    <section aria-labelledby="h-beregning">
      <h2 id="h-beregning">Beregning</h2>
{_buttons(("beregn", "opdater-viden", "lav-beslutningsoplaeg"))}
      <p class="help" id="functions-help">{escape(functions_help())}</p>
    </section>
    <section aria-labelledby="h-deling">
      <h2 id="h-deling">Deling</h2>
{_buttons(("del-beregning", "soeg-erfaringer"))}
      <p class="help">Deling og søgning bruger din konto på erfaringsdatabasen.</p>
      <form id="login" hidden>
        <label for="login-user">Brugernavn (e-mail)</label>
        <input id="login-user" name="username" autocomplete="username" required>
        <label for="login-password">Adgangskode</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Log ind</button>
      </form>
      <p id="who" class="help" hidden></p>
      <button type="button" id="logout" hidden>Log ud</button>
    </section>
    <section aria-labelledby="h-status" aria-live="polite">
      <h2 id="h-status">Status</h2>
      <p id="status">Starter … (venter på Excel)</p>
      <ul id="problems"></ul>
      <p><a id="report" hidden download="beslutningsoplaeg.md">Hent beslutningsoplægget som tekst (Markdown)</a></p>
    </section>
  </main>
  <footer>
    <p class="help">Tal markeret 'illustrativ' er eksempeltal, ikke SØM's officielle skøn. Erfaringsdatabasens
      materiale er ikke kvalitetssikret af Social- og Boligstyrelsen.</p>
  </footer>
</body>
</html>
"""
