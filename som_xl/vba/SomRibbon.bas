Attribute VB_Name = "SomRibbon"
' Ribbon callbacks for the SØM tab.
' GENERATED from RIBBON_BUTTONS in som_xl/workbook/ribbon.py - do not edit;
' regenerate with: python -m som_xl.workbook.ribbon
Option Explicit

' Beregn: Beregn casen
Public Sub SomBeregn(control As IRibbonControl)
    RunPython "import som_xl.excel.ribbon as r; r.beregn()"
End Sub

' Opdatér viden: Opdatér vidensgrundlaget
Public Sub SomOpdaterViden(control As IRibbonControl)
    RunPython "import som_xl.excel.ribbon as r; r.opdater_viden()"
End Sub

' Lav beslutningsoplæg: Lav beslutningsoplæg som PDF
Public Sub SomLavOplaeg(control As IRibbonControl)
    RunPython "import som_xl.excel.report_entry as r; r.lav_beslutningsoplaeg()"
End Sub

' Importér funktioner: Importér Python-funktioner
Public Sub SomImporterFunktioner(control As IRibbonControl)
    ImportPythonUDFs
End Sub

' Del beregning: Del beregningen med andre kommuner
Public Sub SomDelBeregning(control As IRibbonControl)
    RunPython "import som_xl.excel.experience_entry as r; r.del_beregning()"
End Sub

' Importér beregning: Importér en delt beregning
Public Sub SomImporterBeregning(control As IRibbonControl)
    RunPython "import som_xl.excel.experience_entry as r; r.importer_beregning()"
End Sub

' Søg erfaringer: Søg i erfaringsdatabasen
Public Sub SomSoegErfaringer(control As IRibbonControl)
    RunPython "import som_xl.excel.experience_entry as r; r.soeg_erfaringer()"
End Sub
