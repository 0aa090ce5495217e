import pytest

from addin import vba_compile
from formulas.errors import KtxhError


def test_the_module_text_is_what_libreoffice_holds_for_an_imported_vba_module():
    text = vba_compile.libreoffice_module_text('Attribute VB_Name = "M"\nSub A()\n    X "Tính"\nEnd Sub\n')
    lines = text.splitlines()
    assert lines[:2] == ["Rem Attribute VBA_ModuleType=VBAModule", "Option VBASupport 1"]
    assert not any(line.startswith("Attribute ") for line in lines)  # the exporter writes VB_Name itself
    assert text.isascii() and 'X ("T" & ChrW(237) & "nh")' in text


def test_without_libreoffice_the_build_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(vba_compile, "find_soffice", lambda: None)
    with pytest.raises(KtxhError, match="LibreOffice.*--mot-nut"):
        vba_compile.compile_module("KtxhNut", "Sub A()\nEnd Sub\n")


def test_a_libreoffice_that_cannot_start_is_reported_not_hidden(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(KtxhError, match="không chạy được LibreOffice"):
        vba_compile.compile_module("KtxhNut", "Sub A()\nEnd Sub\n", soffice=str(fake))
