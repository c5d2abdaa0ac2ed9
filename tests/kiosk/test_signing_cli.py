"""``kiosk signing``: demo key, seal, verify, from the command line (the technician's check)."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from app.cli import main


def _image(path: Path) -> Path:
    Image.new("L", (600, 800), 240).convert("1").save(path, "PNG")
    return path


def test_demo_key_seal_and_verify(tmp_path, capsys):
    data = Path(os.environ["KIOSK_DATA_DIR"])
    assert main(["signing", "demo-key", "--name", "Đỗ Thu Hà"]) == 0
    key = data / "keys" / "seal" / "do-thu-ha.p12"
    assert key.is_file()
    out = tmp_path / "paper.pdf"
    pages = [str(_image(tmp_path / "a.png")), str(_image(tmp_path / "b.png"))]
    args = ["signing", "seal", *pages, "--key", str(key), "--out", str(out), "--item", "Tờ khai"]
    assert main(args) == 0
    capsys.readouterr()

    assert main(["signing", "verify", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Người ký: Đỗ Thu Hà" in said and "Hợp lệ" in said and "(2 trang)" in said

    damaged = bytearray(out.read_bytes())
    damaged[len(damaged) // 3] ^= 0x20
    out.write_bytes(bytes(damaged))
    assert main(["signing", "verify", str(out)]) == 2
    assert "Nội dung tệp đã bị thay đổi sau khi ký." in capsys.readouterr().err


def test_bad_image_is_a_vietnamese_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "x.png"
    bad.write_bytes(b"nope")
    code = main(["signing", "seal", str(bad), "--unsigned", "--out", str(tmp_path / "o.pdf")])
    assert code == 2
    assert "Lỗi: Trang 1 không đọc được" in capsys.readouterr().err
    assert not (tmp_path / "o.pdf").exists()


def test_seal_needs_a_key(tmp_path, capsys):
    page = str(_image(tmp_path / "a.png"))
    assert main(["signing", "seal", page, "--out", str(tmp_path / "o.pdf")]) == 2
    assert "Cần --key" in capsys.readouterr().err
