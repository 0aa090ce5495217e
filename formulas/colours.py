"""The colour table of a ktxh workbook, as RGB hex strings: the core's, so every door (openpyxl
writer, xlwings, Lite) paints and restores the same colours without importing a styling library."""

INPUT_RGB = "FFF2CC"  # light yellow: staff type here
COMPUTED_RGB = "EDEDED"  # light grey: filled by "Tính toán lại"
HEADER_RGB = "DDEBF7"  # light blue: column headers
NOT_APPLICABLE_RGB = "FFFFFF"  # white: this indicator has no such column
# Marked input cells (formulas.patch.CellMark), by severity; keys: findings.ERROR / WARNING. Orange,
# not yellow, so a warning stands out from INPUT_RGB. Doors restore INPUT_RGB when they clear a mark.
MARK_RGB = {"lỗi": "FFC7CE", "cảnh báo": "F8CBAD"}
