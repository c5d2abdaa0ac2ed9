"""``kiosk register`` and ``kiosk letters`` on the demo profile: files, messages, exit codes."""

from datetime import date, datetime

import pytest

from app.cli import main


@pytest.fixture
def demo_dossier():
    """One dossier accepted today in the demo store (a procedure added for the test)."""
    from app.commands.register import open_services
    from tests.factories import add_procedure, complete_draft

    class Args:
        demo, config = True, None

    services = open_services(Args())
    try:
        version = add_procedure(services.store, code="9.999001", name="Thủ tục thử nghiệm")
        now = datetime.now().replace(microsecond=0)
        draft = complete_draft(services.reception, version, now)
        yield services.reception.accept(draft.id, None, now).dossier
    finally:
        services.close()


def test_export_xlsx_and_print_the_register_of_the_month(demo_dossier, tmp_path, capsys):
    from openpyxl import load_workbook

    first = date.today().replace(day=1)
    out = tmp_path / "so.xlsx"
    args = ["register", "--demo", "export", "--from", f"{first}", "--to", f"{date.today()}"]
    assert main([*args, "--format", "xlsx", "--out", str(out)]) == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert demo_dossier.code in [r[2] for r in rows[2:]]
    mine = next(r for r in rows[2:] if r[2] == demo_dossier.code)
    assert (mine[0], mine[1]) == (demo_dossier.register_book, demo_dossier.register_number)
    assert demo_dossier.register_number is not None and demo_dossier.register_number < 900_000
    pdf = tmp_path / "so.pdf"
    args[2] = "print"
    assert main([*args, "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Đã ghi" in capsys.readouterr().out


def test_apology_from_the_command_line_once_only(demo_dossier, capsys):
    code = demo_dossier.code
    reason = "Cần xác minh thông tin với cơ quan khác."
    assert main(["letters", "--demo", "apology", code, "--reason", reason, "--days", "2"]) == 0
    out = capsys.readouterr().out
    assert f"hồ sơ {code}" in out and "Báo cho người nộp Nguyễn Văn An" in out
    assert main(["letters", "--demo", "apology", code, "--reason", reason, "--days", "2"]) == 2
    assert "chỉ được hẹn lại một lần" in capsys.readouterr().err


def test_bad_input_is_a_vietnamese_message(tmp_path, capsys):
    assert main(["letters", "--demo", "apology", "XYZ", "--reason", "lý do", "--days", "1"]) == 2
    assert "không phải mã hồ sơ" in capsys.readouterr().err
    out = tmp_path / "x.csv"
    args = ["register", "--demo", "export", "--from", "2026-12-31", "--to", "2026-12-01"]
    assert main([*args, "--format", "csv", "--out", str(out)]) == 2
    assert "trước ngày đầu" in capsys.readouterr().err and not out.exists()
