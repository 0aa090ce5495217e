Attribute VB_Name = "KtxhNut"
' ktxh: the three sheet buttons of the workbook (Form buttons, "Assign Macro").
' Each Sub only hands over to Python; all the work is in addin/scripts.py.
' Needs the xlwings add-in (or the standalone xlwings module) for RunPython.
Option Explicit

Sub TinhToanLai()
    RunPython "import addin.classic; addin.classic.recalculate_caller()"
End Sub

Sub KiemTraSoLieu()
    RunPython "import addin.classic; addin.classic.check_caller()"
End Sub

Sub XuatBaoCaoWord()
    RunPython "import addin.classic; addin.classic.export_report_caller()"
End Sub
