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


def _token_config(tmp_path, token) -> Path:
    from kiosk import config

    text = config.demo_path().read_text(encoding="utf-8")
    text = text.replace('pkcs11_module = ""', f'pkcs11_module = "{token.config.module}"')
    text = text.replace('token_label = ""', f'token_label = "{token.config.token_label}"')
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_tokens_lists_the_token_and_its_holder(tmp_path, capsys, softhsm_token):
    cfg = _token_config(tmp_path, softhsm_token)
    assert main(["signing", "tokens", "--config", str(cfg)]) == 0
    said = capsys.readouterr().out
    assert "Token “can-bo-01” (SoftHSM" in said
    assert f"chứng thư số: {softhsm_token.holder}, hiệu lực đến" in said
    assert f'pkcs11_module = "{softhsm_token.config.module}"' in said


def test_check_unlocks_the_configured_token(tmp_path, capsys, monkeypatch, softhsm_token):
    cfg = _token_config(tmp_path, softhsm_token)
    monkeypatch.setattr("getpass.getpass", lambda _prompt: softhsm_token.pin)
    assert main(["signing", "check", "--config", str(cfg)]) == 0
    assert f"được ký bởi: {softhsm_token.holder}" in capsys.readouterr().out
    monkeypatch.setattr("getpass.getpass", lambda _prompt: "999999")
    assert main(["signing", "check", "--config", str(cfg)]) == 2
    assert "Mã PIN của USB token không đúng" in capsys.readouterr().err
