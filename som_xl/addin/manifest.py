"""The add-in manifest (XML, add-in-only manifest format): SØM tab, task pane, functions.

One shared runtime (the task pane page) runs the ribbon commands, the task pane and the
custom functions, so they share Office.js, the sign-in token and the client code. Every
ribbon button's ``FunctionName`` is a command key of :data:`som_xl.addin.commands.COMMANDS`
(associated in ``taskpane.js`` with ``Office.actions.associate``); the manifest lists
what the server serves, and a test checks both directions.

Element order and limits follow Microsoft's published schema for task pane add-ins
([MS-OWEMXML]; ``resid`` ≤ 32 characters, short strings ≤ 125, long strings ≤ 250).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from som_xl.addin.commands import COMMANDS
from som_xl.addin.config import AddinConfig
from som_xl.addin.functions import NAMESPACE

PROVIDER = "som_xl (open source)"
NAME = "SØM – Socialøkonomisk Investeringsmodel"
DESCRIPTION = ("Beregn det budgetøkonomiske nettoresultat af en social indsats for kommune, region og stat "
               "(SØM) direkte i Excel, uden makroer og uden Python på pc'en.")
GROUPS = (("Beregning", ("beregn", "opdater-viden", "lav-beslutningsoplaeg")),
          ("Deling", ("del-beregning", "soeg-erfaringer")))
ICON_SIZES = (16, 32, 64, 80)
TASKPANE_BUTTON = "vis-opgaverude"


def _resid(key: str) -> str:
    """``"lav-beslutningsoplaeg"`` → ``"Cmd.LavBeslutningsoplaeg"`` (≤ 32 characters)."""
    return "Cmd." + "".join(part.capitalize() for part in key.split("-"))


def _icons(indent: str) -> str:
    return "\n".join(f'{indent}<bt:Image size="{s}" resid="Icon.{s}"/>' for s in (16, 32, 80))


def _button(key: str, label_id: str, tip_id: str, action: str) -> str:
    return f"""            <Control xsi:type="Button" id="{key}">
              <Label resid="{label_id}"/>
              <Supertip><Title resid="{label_id}"/><Description resid="{tip_id}"/></Supertip>
              <Icon>
{_icons("                ")}
              </Icon>
{action}
            </Control>"""


def _groups() -> str:
    out = []
    for g, (label, keys) in enumerate(GROUPS):
        execute = '              <Action xsi:type="ExecuteFunction"><FunctionName>{}</FunctionName></Action>'
        controls = [_button(k, _resid(k), _resid(k) + ".Tip", execute.format(k)) for k in keys]
        if g == 0:
            controls.append(_button(TASKPANE_BUTTON, "Cmd.Vis", "Cmd.Vis.Tip",
                                    '              <Action xsi:type="ShowTaskpane"><TaskpaneId>SomPane</TaskpaneId>'
                                    '<SourceLocation resid="Taskpane.Url"/></Action>'))
        body = "\n".join(controls)
        out.append(f"""          <Group id="SomGroup{g}">
            <Label resid="Group.{label}"/>
            <Icon>
{_icons("              ")}
            </Icon>
{body}
          </Group>""")
    return "\n".join(out)


def _strings(short: bool) -> str:
    rows = []
    if short:
        rows += [("Functions.Namespace", NAMESPACE), ("Tab.Label", "SØM"), ("Cmd.Vis", "Vis SØM-ruden")]
        rows += [(f"Group.{label}", label) for label, _ in GROUPS]
        rows += [(_resid(k), COMMANDS[k].title) for _, keys in GROUPS for k in keys]
    else:
        rows += [("Cmd.Vis.Tip", "Åbner SØM-ruden: knapper, status, fejl med cellenavne og login til deling.")]
        rows += [(_resid(k) + ".Tip", COMMANDS[k].help) for _, keys in GROUPS for k in keys]
    return "\n".join(f"        <bt:String id={quoteattr(i)} DefaultValue={quoteattr(v)}/>" for i, v in rows)


def render_manifest(config: AddinConfig, base_url: str) -> str:
    """The manifest XML for the site at ``base_url`` (``https://host``, no trailing slash)."""
    base = base_url.rstrip("/")
    addin = f"{base}/addin"
    urls = {"Taskpane.Url": f"{addin}/taskpane.html", "Functions.Script.Url": f"{addin}/functions.js",
            "Functions.Metadata.Url": f"{addin}/functions.json"}
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
  xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="TaskPaneApp">
  <Id>{escape(config.manifest_id)}</Id>
  <Version>{escape(config.version)}</Version>
  <ProviderName>{escape(PROVIDER)}</ProviderName>
  <DefaultLocale>da-DK</DefaultLocale>
  <DisplayName DefaultValue={quoteattr(NAME)}/>
  <Description DefaultValue={quoteattr(DESCRIPTION)}/>
  <IconUrl DefaultValue={quoteattr(f"{addin}/static/icon-32.png")}/>
  <HighResolutionIconUrl DefaultValue={quoteattr(f"{addin}/static/icon-64.png")}/>
  <SupportUrl DefaultValue={quoteattr(f"{addin}/taskpane.html")}/>
  <AppDomains>
    <AppDomain>{escape(base)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="SharedRuntime" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue={quoteattr(urls["Taskpane.Url"])}/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
{_version_overrides(addin, urls)}
</OfficeApp>
"""


def _version_overrides(addin: str, urls: dict[str, str]) -> str:
    """The ribbon tab, the custom functions and their resources (``<VersionOverrides>``)."""
    url_rows = "\n".join(f"        <bt:Url id={quoteattr(i)} DefaultValue={quoteattr(u)}/>" for i, u in urls.items())
    image_rows = "\n".join(f'        <bt:Image id="Icon.{s}" DefaultValue={quoteattr(f"{addin}/static/icon-{s}.png")}/>'
                           for s in ICON_SIZES)
    return f"""  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
    xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <Runtimes>
          <Runtime resid="Taskpane.Url" lifetime="long"/>
        </Runtimes>
        <AllFormFactors>
          <ExtensionPoint xsi:type="CustomFunctions">
            <Script><SourceLocation resid="Functions.Script.Url"/></Script>
            <Page><SourceLocation resid="Taskpane.Url"/></Page>
            <Metadata><SourceLocation resid="Functions.Metadata.Url"/></Metadata>
            <Namespace resid="Functions.Namespace"/>
          </ExtensionPoint>
        </AllFormFactors>
        <DesktopFormFactor>
          <FunctionFile resid="Taskpane.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <CustomTab id="SomTab">
{_groups()}
              <Label resid="Tab.Label"/>
            </CustomTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
{image_rows}
      </bt:Images>
      <bt:Urls>
{url_rows}
      </bt:Urls>
      <bt:ShortStrings>
{_strings(True)}
      </bt:ShortStrings>
      <bt:LongStrings>
{_strings(False)}
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>"""
