"""The ``kiosk`` command as a user runs it: output, exit codes, and nothing written on bad input."""

import subprocess
import sys

import pytest


def kiosk(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=60, env=env
    )


@pytest.mark.parametrize(
    "received, days, due",
    [
        ("2026-02-13 10:00", "3", "2026-02-25"),
        ("2025-04-25 09:00", "1", "2025-04-26"),
        ("2026-12-06 09:00", "1", "2026-12-07"),
        ("2026-12-07 15:30", "0", "2026-12-08"),
        ("2026-12-07 14:30", "0", "2026-12-07"),
    ],
)
def test_calendar_due_prints_date_on_last_line(received, days, due):
    result = kiosk("calendar", "due", "--received", received, "--days", days)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == due


@pytest.mark.parametrize(
    "args, words",
    [
        (["--received", "2026-02-30 10:00", "--days", "3"], "YYYY-MM-DD HH:MM"),
        (["--received", "07/12/2026", "--days", "3"], "YYYY-MM-DD HH:MM"),
        (["--received", "2026-12-07 10:00", "--days", "-2"], "không thể âm"),
        (["--received", "2026-12-07 10:00", "--days", "1", "--cutoff", "3h"], "Giờ chốt"),
    ],
)
def test_calendar_due_bad_input(tmp_path, args, words):
    result = kiosk("calendar", "due", *args)
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.startswith("Lỗi:")
    assert result.stdout == ""
    assert not (tmp_path / "data").exists()


def test_calendar_show_lists_tet_and_worked_saturday():
    out = kiosk("calendar", "show", "2025").stdout
    assert "2025-01-29" in out and "Tết" in out
    assert "2025-04-26" in out and "làm việc" in out


def test_run_with_bad_config_fails_before_anything(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[agency]\ncode = "xyz"\nname = "A"\n[counter]\nnumber = 1\n', encoding="utf-8")
    result = kiosk("run", "--config", str(bad))
    assert result.returncode == 2
    assert "“agency.code”" in result.stderr and "QCVN 102" in result.stderr
    assert not (tmp_path / "data").exists()


def test_doctor_reports_missing_config_and_good_fonts():
    result = kiosk("doctor")
    assert result.returncode == 1
    assert "✘ Cấu hình: Chưa có tệp cấu hình" in result.stdout
    assert "✔ Phông chữ: 5 phông đủ 146 chữ cái tiếng Việt" in result.stdout
    assert "✔ Kho dữ liệu" in result.stdout


def test_doctor_demo_is_all_green():
    result = kiosk("doctor", "--demo")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("Tất cả đều ổn.")


def test_cli_parser_and_app_shell_import_no_heavy_modules():
    """The first window appears before SQLAlchemy, reportlab, holidays or jsonschema are imported
    (they load on the worker after it); a top-level import in a command module would undo that."""
    code = (
        "import sys, app.cli, ui.app, ui.main_window; app.cli.build_parser(); "
        "print(sorted(m for m in ('sqlalchemy', 'reportlab', 'holidays', 'jsonschema', 'requests') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_card_read_from_a_scanner_on_stdin():
    qr = (
        "038090123456|173456789|NGUYỄN VĂN AN|01011990|Nam|"
        "Thôn 3, xã Quảng Phú, Thanh Hóa|15042021\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "app", "card", "read"],
        input=qr,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "NGUYỄN VĂN AN" in result.stdout and "01/01/1990" in result.stdout


def test_card_read_bad_qr_says_why_and_fails(tmp_path):
    result = kiosk("card", "read", "038090123456|NGUYỄN VĂN AN|01011991|Nam|Thôn 3|15042021")
    assert result.returncode == 2
    assert (
        result.stderr.startswith("Lỗi: Mã QR căn cước không hợp lệ") and "năm sinh" in result.stderr
    )
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "args, words, due",
    [
        (["--calendar-days", "15"], "thời hạn 15 ngày:", "2026-12-21"),
        (["--hours", "15"], "thời hạn 15 giờ:", "2026-12-07"),
        (["--days", "15"], "thời hạn 15 ngày làm việc:", "2026-12-25"),
    ],
)
def test_calendar_due_in_calendar_days_and_hours(args, words, due):
    result = kiosk("calendar", "due", "--received", "2026-12-04 10:00", *args)
    assert result.returncode == 0, result.stderr
    assert words in result.stdout and result.stdout.strip().splitlines()[-1] == due
