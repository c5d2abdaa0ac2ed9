"""The TOML config: the demo profile loads; every bad value is named in Vietnamese."""

from datetime import time

import pytest

from kiosk import config
from kiosk.errors import ConfigError

DEMO = config.demo_path().read_text(encoding="utf-8")


def write(tmp_path, text):
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_profile_loads():
    cfg = config.load(config.demo_path())
    assert cfg.agency_code == "000.31.27.H56"
    assert cfg.counter == 1 and cfg.mode == "officer"
    assert cfg.cutoff == time(15, 0)
    assert cfg.office_hours == ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))


def test_default_path_is_in_config_dir(tmp_path):
    assert config.default_path() == tmp_path / "config" / "kiosk.toml"


def test_missing_file_explains_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="Chưa có tệp cấu hình"):
        config.load(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('code = "000.31.27.H56"', 'code = "H56"', "agency.code", "QCVN 102"),
        ("number = 1", "number = 0", "counter.number", "phải từ 1"),
        ("number = 1", 'number = "một"', "counter.number", "sai kiểu"),
        ('mode = "officer"', 'mode = "admin"', "counter.mode", "officer"),
        ('receipt = "pdf"', 'receipt = "laser"', "printing.receipt", "cups:"),
        ('scanner = "sane:test:0"', 'scanner = "twain"', "scanning.scanner", "sane:"),
        ('url = "http://127.0.0.1:8765"', 'url = "http://example.org"', "central.url", "https"),
        ('url = "http://127.0.0.1:8765"', 'url = "not a url"', "central.url", "địa chỉ web"),
        ('cutoff = "15:00"', 'cutoff = "3pm"', "hours.cutoff", "GG:PP"),
        ('"13:30-17:00"', '"17:00-13:30"', "hours.office", "giờ mở phải trước giờ đóng"),
        ('language = "vi"', 'language = "fr"', "ui.language", "vi hoặc en"),
    ],
)
def test_bad_values_are_named(tmp_path, old, new, key, words):
    assert old in DEMO
    with pytest.raises(ConfigError) as info:
        config.load(write(tmp_path, DEMO.replace(old, new)))
    assert f"“{key}”" in info.value.message
    assert words in info.value.message


def test_missing_required_key(tmp_path):
    text = "\n".join(line for line in DEMO.splitlines() if not line.startswith("name ="))
    with pytest.raises(ConfigError, match="“agency.name” bị thiếu"):
        config.load(write(tmp_path, text))


def test_broken_toml(tmp_path):
    with pytest.raises(ConfigError, match="Không đọc được"):
        config.load(write(tmp_path, "[agency\ncode = 1"))


def test_draft_retention_days(tmp_path):
    assert config.load(config.demo_path()).draft_retention_days == 30
    text = DEMO + "\n[reception]\ndraft_retention_days = 7\n"
    assert config.load(write(tmp_path, text)).draft_retention_days == 7
    with pytest.raises(ConfigError, match="“reception.draft_retention_days”.*1 đến 365"):
        config.load(write(tmp_path, DEMO + "\n[reception]\ndraft_retention_days = 0\n"))


@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('url = "http://127.0.0.1:8765"', 'url = "http://[::1/"', "central.url", "địa chỉ web"),
        (
            'url = "http://127.0.0.1:8765"',
            'url = "http://127.0.0.1:99999"',
            "central.url",
            "địa chỉ web",
        ),
        ("number = 1", "number = " + "9" * 400, "counter.number", "phải từ 1"),
        (
            "idle_lock_minutes = 10",
            "idle_lock_minutes = 1e400",
            "ui.idle_lock_minutes",
            "số nguyên",
        ),
        ('"13:30-17:00"', "[[1]]", "hours.office", "GG:PP-GG:PP"),
        ('cutoff = "15:00"', 'cutoff = "15:00\\n"', "hours.cutoff", "GG:PP"),
        ('cutoff = "15:00"', 'cutoff = "١٥:٠٠"', "hours.cutoff", "GG:PP"),
        ('receipt = "pdf"', 'receipt = "pdf\\n"', "printing.receipt", "cups:"),
    ],
)
def test_hostile_values_are_named(tmp_path, old, new, key, words):
    assert old in DEMO
    with pytest.raises(ConfigError) as info:
        config.load(write(tmp_path, DEMO.replace(old, new)))
    assert f"“{key}”" in info.value.message
    assert words in info.value.message
    assert len(info.value.message) < 300


def test_a_plain_value_where_a_table_belongs(tmp_path):
    text = 'central = "https://tthc.example.vn"\n' + DEMO.replace("[central]", "[elsewhere]")
    with pytest.raises(ConfigError) as info:
        config.load(write(tmp_path, text))
    assert "“central” phải là một bảng [central]" in info.value.message


@pytest.mark.parametrize(
    "text, words",
    [
        ("x = " + "9" * 5000, "số quá lớn"),
        ("x = " + "[" * 5000 + "]" * 5000, "lồng nhau quá sâu"),
        ("x = " + "{a = " * 5000 + "1" + "}" * 5000, "lồng nhau quá sâu"),
        ('x = "\\ud800"', "cú pháp TOML"),
    ],
)
def test_unparseable_documents(tmp_path, text, words):
    with pytest.raises(ConfigError, match=words):
        config.load(write(tmp_path, text))


def test_bad_encoding_and_huge_files(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(DEMO.encode("utf-16"))
    with pytest.raises(ConfigError, match="không phải văn bản UTF-8"):
        config.load(path)
    path.write_bytes(b"# " + b"x" * config.MAX_BYTES)
    with pytest.raises(ConfigError, match="lớn quá"):
        config.load(path)
    with pytest.raises(ConfigError, match="không mở được"):
        config.load(tmp_path)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_bytes(DEMO.encode("utf-8-sig"))
    assert config.load(path).counter == 1


def test_steps_can_be_used_alone(tmp_path):
    path = write(tmp_path, DEMO)
    data = config.parse_toml(config.read_text(path), path)
    assert config.build(data, path) == config.load(path)
    with pytest.raises(ConfigError, match="“agency” phải là một bảng"):
        config.build({**data, "agency": [1]}, path)


def test_signing_names_the_token_or_none(tmp_path):
    assert config.load(config.demo_path()).signing.token is None  # demo: the software key
    module = "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"
    text = DEMO.replace('pkcs11_module = ""', f'pkcs11_module = "{module}"')
    text = text.replace('token_label = ""', 'token_label = "VNPT-CA"')
    text = text.replace("software_fallback = false", "software_fallback = true")
    setup = config.load(write(tmp_path, text)).signing
    assert str(setup.token.module) == module and setup.token.token_label == "VNPT-CA"
    assert setup.token.key_label == "" and setup.software_fallback


@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('pkcs11_module = ""', 'pkcs11_module = "libsofthsm2.so"', "pkcs11_module", "đầy đủ"),
        ('token_label = ""', 'token_label = "' + "x" * 33 + '"', "token_label", "32 byte"),
        ("software_fallback = false", 'software_fallback = "có"', "software_fallback", "true"),
    ],
)
def test_bad_signing_values_are_named(tmp_path, old, new, key, words):
    assert old in DEMO
    with pytest.raises(ConfigError, match=f"signing.{key}") as err:
        config.load(write(tmp_path, DEMO.replace(old, new)))
    assert words in str(err.value)
