"""Custom functions through xlwings' Office.js dispatcher; the manifest checked offline.

No package installable here ships the add-in manifest XSD (``office-addin-manifest
validate`` sends the file to a Microsoft service), so the manifest is checked
structurally against the published schema's element order and limits ([MS-OWEMXML]),
and every command, function and URL it names is checked against the server.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

import pytest

from som_xl.addin.commands import COMMANDS
from som_xl.addin.functions import NAMESPACE, function_specs
from som_xl.excel import udfs

NS = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
      "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
      "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
      "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
OFFICEAPP_ORDER = ["Id", "AlternateId", "Version", "ProviderName", "DefaultLocale", "DisplayName", "Description",
                   "IconUrl", "HighResolutionIconUrl", "SupportUrl", "AppDomains", "Hosts", "Requirements",
                   "DefaultSettings", "Permissions", "VersionOverrides"]
XSI_TYPE = f"{{{NS['xsi']}}}type"


def _call(client, name, *args):
    body = {"func_name": name, "args": list(args), "caller_address": "Ark1!B2", "version": "0.37.8",
            "client": "Office.js", "runtime": "1.4"}
    r = client.post("/addin/api/functions/call", json=body)
    assert r.status_code == 200, r.text
    return r.json()["result"]


def test_metadata_lists_every_desktop_udf_with_danish_help(client):
    meta = client.get("/addin/functions.json").json()
    by_id = {f["id"]: f for f in meta["functions"]}
    assert set(by_id) == {f.__name__ for f in udfs.UDFS}
    for f in udfs.UDFS:
        m = by_id[f.__name__]
        assert m["name"] == f.__name__.removeprefix("SOM_")  # =SOM.PRIS(...) with the namespace
        assert m["description"] == (f.__doc__ or "").strip()
        assert [p["name"] for p in m["parameters"]] == list(__import__("inspect").signature(f).parameters)
        for p in m["parameters"]:
            assert p["description"] and len(p["description"]) <= 255, (f.__name__, p)
    assert by_id["SOM_PRIS"]["parameters"][0]["description"].startswith("Varens id eller navn")


def test_price_and_present_value_match_the_desktop_functions(client, knowledge):
    from som_xl.service import udf_engine as F

    assert _call(client, "SOM_PRIS", [["forsorgshjem_110"]], None, None)[0][0] == pytest.approx(
        F.price(knowledge, "forsorgshjem_110"))
    # 100 in year 0, 1 and 2 at 3.5 %: 100 + 100/1.035 + 100/1.035² (by hand)
    assert _call(client, "SOM_NUTIDSVAERDI", [[100, 100, 100]], [[0.035]], None)[0][0] == pytest.approx(
        100 + 100 / 1.035 + 100 / 1.035 ** 2)


def test_bad_arguments_show_danish_text_and_files_are_never_read(client, tmp_path):
    assert _call(client, "SOM_PRIS", [["findes-ikke"]], None, None) == [["#SØM: ukendt vare 'findes-ikke'"]]
    case = tmp_path / "sag.json"
    case.write_text("{}")
    result = _call(client, "SOM_BEREGN", [[str(case)]], None, None, None, None, None)[0][0]
    assert result.startswith("#SØM: en sti til en case-fil kan ikke bruges")


def test_unknown_function_is_refused(client):
    r = client.post("/addin/api/functions/call", json={"func_name": "__import__", "args": []})
    assert r.status_code == 400 and "ukendt funktion" in r.json()["detail"]


def test_functions_js_associates_every_function(client):
    js = client.get("/addin/functions.js").text
    assert set(re.findall(r'CustomFunctions\.associate\("(\w+)"', js)) == {s.id for s in function_specs()}


@pytest.fixture
def manifest(client):
    r = client.get("/manifest")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    return ET.fromstring(r.content)


def test_manifest_structure(manifest):
    assert manifest.tag == f"{{{NS['o']}}}OfficeApp" and manifest.get(XSI_TYPE) == "TaskPaneApp"
    order = [child.tag.split("}")[1] for child in manifest]
    assert order == [t for t in OFFICEAPP_ORDER if t in order] and order[0] == "Id"
    uuid.UUID(manifest.find("o:Id", NS).text)
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", manifest.find("o:Version", NS).text)
    assert len(manifest.find("o:DisplayName", NS).get("DefaultValue")) <= 125
    assert len(manifest.find("o:Description", NS).get("DefaultValue")) <= 250
    assert manifest.find("o:Permissions", NS).text == "ReadWriteDocument"
    resources = manifest.find("ov:VersionOverrides/ov:Resources", NS)
    ids = {}
    for kind, limit in (("bt:ShortStrings", 125), ("bt:LongStrings", 250), ("bt:Urls", 2048), ("bt:Images", 2048)):
        for item in resources.find(kind, NS):
            assert item.get("id") not in ids, item.get("id")
            ids[item.get("id")] = item.get("DefaultValue")
            assert len(item.get("id")) <= 32 and len(item.get("DefaultValue")) <= limit
    for el in manifest.iter():
        if el.get("resid") is not None:
            assert el.get("resid") in ids, el.get("resid")
        for attr in ("DefaultValue",):
            value = el.get(attr) or ""
            if value.startswith("http"):
                assert value.startswith("https://"), value
    tab = manifest.find(".//ov:CustomTab", NS)
    assert [c.tag.split("}")[1] for c in tab][-1] == "Label"  # groups first, then the label
    assert ids[tab.find("ov:Label", NS).get("resid")] == "SØM"
    for group in tab.findall("ov:Group", NS):
        assert len(group.findall("ov:Control", NS)) <= 6
    controls = tab.findall(".//ov:Control", NS)
    assert len({c.get("id") for c in controls}) == len(controls)
    assert ids["Functions.Namespace"] == NAMESPACE


def test_manifest_names_only_what_the_server_serves(client, manifest):
    functions = [f.text for f in manifest.iter(f"{{{NS['ov']}}}FunctionName")]
    assert sorted(functions) == sorted(COMMANDS)
    labels = {c.get("id"): c for c in manifest.iter(f"{{{NS['ov']}}}Control")}
    assert set(labels) == set(COMMANDS) | {"vis-opgaverude"}
    for url in (e.get("DefaultValue") for e in manifest.iter() if (e.get("DefaultValue") or "").startswith("https")):
        path = url.removeprefix("https://som.example.dk")
        assert client.get(path).status_code == 200, url
    for key in COMMANDS:
        assert client.post(f"/addin/api/commands/{key}", json={}).status_code in (400, 401)
    js = client.get("/addin/static/taskpane.js").text
    for key in COMMANDS:
        assert f'"{key}"' in js  # Office.actions.associate(key, …) for every FunctionName


def test_pages_send_a_csp_without_inline_script(client):
    r = client.get("/addin/taskpane.html")
    policy = r.headers["content-security-policy"]
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src")).split()[1:]
    assert script_src == ["'self'", "https://appsforoffice.microsoft.com"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, re.DOTALL)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    external = [s for s in re.findall(r'src="([^"]+)"', r.text) if s.startswith("http")]
    assert external == ["https://appsforoffice.microsoft.com/lib/1/hosted/office.js"]
    assert "<style" not in r.text and "style=" not in r.text


def test_both_spellings_of_every_function_are_documented_and_shown(client):
    """The add-in's names (SOM.PRIS) beside the desktop's (SOM_PRIS), for every function, in
    the README, docs/excel.md and the task pane; the manifest's namespace makes them so."""
    from tests.addin.conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Excel uden Python"):readme.index("## What has not been checked here")]
    excel_md = (ROOT / "docs" / "excel.md").read_text("utf-8")
    meta = {f["id"]: f["name"] for f in client.get("/addin/functions.json").json()["functions"]}
    for spec in function_specs():
        typed = f"{NAMESPACE}.{meta[spec.id]}"
        assert f"`{spec.id}` | `{typed}`" in excel_md, spec.id
        assert f"={typed}(" in section, spec.id
    assert "SOM.PRIS" in client.get("/addin/taskpane.html").text and "SOM_PRIS" in client.get(
        "/addin/taskpane.html").text
