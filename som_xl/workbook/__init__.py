"""Workbook room: the Excel template (sheet layout, VBA project, ribbon, xlsm packaging)."""
