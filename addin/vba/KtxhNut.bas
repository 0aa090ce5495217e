Attribute VB_Name = "KtxhNut"
' ktxh: what the workbook's buttons run (the three sheet buttons and the KTXH ribbon tab).
' Each Sub only hands over to Python through the xlwings add-in's RunPython; all the work is
' in addin/scripts.py. addin/build_xlsm.py compiles this file into the .xlsm (non-ASCII text in
' string literals becomes ChrW(...), since a VBA project stores its source in an ANSI code page).
Option Explicit

#If Mac Then
#ElseIf VBA7 Then
Private Declare PtrSafe Function MessageBoxW Lib "user32" (ByVal hWnd As LongPtr, ByVal lpText As LongPtr, _
    ByVal lpCaption As LongPtr, ByVal uType As Long) As Long
#Else
Private Declare Function MessageBoxW Lib "user32" (ByVal hWnd As Long, ByVal lpText As Long, _
    ByVal lpCaption As Long, ByVal uType As Long) As Long
#End If

' The add-in that "xlwings addin install" puts in Excel's XLSTART folder. Called by name, so the
' workbook needs no VBA reference and no copy of xlwings' own VBA.
Private Const RUN_PYTHON As String = "'xlwings.xlam'!RunPython"

Sub TinhToanLai()
    ChayPython "import addin.classic; addin.classic.recalculate_caller()"
End Sub

Sub KiemTraSoLieu()
    ChayPython "import addin.classic; addin.classic.check_caller()"
End Sub

Sub XuatBaoCaoWord()
    ChayPython "import addin.classic; addin.classic.export_report_caller()"
End Sub

' A consolidated workbook (ktxh tong-hop): read the units' workbooks in the "don_vi" folder beside it
' and write a new consolidated workbook there (Alt+F8 > TongHopCacDonVi; see addin/README.md).
Sub TongHopCacDonVi()
    ChayPython "import addin.classic; addin.classic.consolidate_caller()"
End Sub

' Ribbon callback (customUI onAction): the KTXH tab's buttons run the same three Subs.
Sub NutRibbon(control As Object)
    Select Case control.ID
        Case "ktxhTinhToanLai": TinhToanLai
        Case "ktxhKiemTraSoLieu": KiemTraSoLieu
        Case "ktxhXuatBaoCaoWord": XuatBaoCaoWord
    End Select
End Sub

Private Sub ChayPython(lenh As String)
    Dim loi As String
    On Error GoTo KhongChayDuoc
    Application.Run RUN_PYTHON, lenh
    Exit Sub
KhongChayDuoc:
    loi = "Không chạy được Python qua add-in xlwings: " & Err.Description & vbLf & vbLf
    loi = loi & "Mở Command Prompt, chạy lệnh: xlwings addin install" & vbLf
    loi = loi & "rồi đóng và mở lại Excel (xem addin/README.md, mục 1)."
    ThongBao loi
End Sub

' MsgBox shows only the system's ANSI code page; MessageBoxW shows every Vietnamese letter.
Private Sub ThongBao(noiDung As String)
#If Mac Then
    MsgBox noiDung, vbExclamation, "ktxh"
#Else
    MessageBoxW Application.Hwnd, StrPtr(noiDung), StrPtr("ktxh"), &H30
#End If
End Sub
