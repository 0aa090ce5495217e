REM  LibreOffice Basic run by addin/vba_compile.py (not VBA, not for Excel): opens a workbook that
REM  has a VBA project, replaces its code modules by one module read from a UTF-8 file, and saves it
REM  as .xlsm. LibreOffice's VBA exporter writes the project as source only (MS-OVBA, no compiled
REM  cache), which Excel compiles when it opens the file.
Sub Compile(sIn As String, sOut As String, sModule As String, sCodeFile As String)
    Dim aLoad(0) As New com.sun.star.beans.PropertyValue
    aLoad(0).Name = "Hidden" : aLoad(0).Value = True
    oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), "_blank", 0, aLoad())
    oLib = oDoc.BasicLibraries.getByName("VBAProject")
    For Each sName In oLib.getElementNames()
        If oLib.getModuleInfo(sName).ModuleType = com.sun.star.script.ModuleType.NORMAL Then oLib.removeByName(sName)
    Next
    oStream = createUnoService("com.sun.star.io.TextInputStream")
    oStream.setInputStream(createUnoService("com.sun.star.ucb.SimpleFileAccess").openFileRead(ConvertToURL(sCodeFile)))
    oStream.setEncoding("UTF-8")
    sCode = ""
    Do While Not oStream.isEOF()
        sCode = sCode & oStream.readLine() & Chr(10)
    Loop
    oStream.closeInput()
    Dim aInfo As New com.sun.star.script.ModuleInfo
    aInfo.ModuleType = com.sun.star.script.ModuleType.NORMAL
    oLib.insertModuleInfo(sModule, aInfo)
    oLib.insertByName(sModule, sCode)
    Dim aStore(0) As New com.sun.star.beans.PropertyValue
    aStore(0).Name = "FilterName" : aStore(0).Value = "Calc MS Excel 2007 VBA XML"
    oDoc.storeToURL(ConvertToURL(sOut), aStore())
    oDoc.close(True)
End Sub
