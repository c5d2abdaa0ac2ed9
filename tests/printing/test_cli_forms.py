"""``kiosk forms list`` and ``kiosk forms sample``."""

from __future__ import annotations

from app.cli import main
from tests.printing.conftest import pdf_text


def test_forms_list_shows_both_sets(capsys):
    assert main(["forms", "list"]) == 0
    out = capsys.readouterr().out
    assert "01/2018/TT-VPCP" in out and "03/2025/TT-VPCP" in out
    assert "stop_notice" in out and "Thông báo dừng giải quyết hồ sơ" in out


def test_forms_sample_writes_marked_pdf(tmp_path, capsys):
    out = tmp_path / "mau.pdf"
    assert main(["forms", "sample", "--form", "receipt", "--set", "2018", "--out", str(out)]) == 0
    text = pdf_text(out.read_bytes())
    assert "MẪU" in text and "TT 01/2018/TT-VPCP" in text


def test_forms_sample_ticket_png(tmp_path):
    out = tmp_path / "ticket.png"
    assert main(["forms", "sample", "--form", "queue_ticket", "--png", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_forms_sample_bad_name_is_a_vietnamese_error(tmp_path, capsys):
    assert main(["forms", "sample", "--form", "nope", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "Không có mẫu" in capsys.readouterr().err
    assert main(["forms", "sample", "--form", "stop_notice", "--set", "2018",
                 "--out", str(tmp_path / "x.pdf")]) == 2
