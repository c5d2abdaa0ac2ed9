"""Health checks behind ``kiosk doctor`` (and later the technician screen)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk import config as config_mod
from kiosk.errors import KioskError
from kiosk.files import private_dir
from kiosk.paths import AppPaths, resource

FONTS = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)
MIN_FREE_BYTES = 500 * 1024 * 1024


def vietnamese_letters() -> str:
    """The 146 precomposed Vietnamese letters (upper and lower case) a font must have."""
    import unicodedata

    vowels = "aăâeêioôơuưy"
    marks = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    lower = [unicodedata.normalize("NFC", v + m) for v in vowels for m in marks] + ["đ"]
    return "".join(lower) + "".join(ch.upper() for ch in lower)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_config(path: Path | None) -> Check:
    try:
        cfg = config_mod.load(path)
    except KioskError as exc:
        return Check("Cấu hình", False, exc.message)
    return Check(
        "Cấu hình",
        True,
        f"{cfg.source}: {cfg.agency_name}, quầy {cfg.counter}, mã {cfg.agency_code}",
    )


def check_store(url: str | None, folder: Path) -> Check:
    from sqlalchemy import text

    from kiosk.db import open_store, schema_revision

    try:
        store = open_store(url, folder=folder)
        with store.engine.connect() as conn:
            result = conn.execute(text("PRAGMA quick_check")).scalar()
        revision = schema_revision(store.engine)
        store.close()
    except KioskError as exc:
        return Check("Kho dữ liệu", False, exc.message)
    if result != "ok":
        return Check(
            "Kho dữ liệu",
            False,
            f"Tệp dữ liệu bị hỏng ({result}). Hãy gọi kỹ thuật viên; "
            "không xóa tệp, dữ liệu có thể khôi phục từ bản sao lưu.",
        )
    free = shutil.disk_usage(folder).free
    if free < MIN_FREE_BYTES:
        return Check(
            "Kho dữ liệu",
            False,
            f"Đĩa chỉ còn {free // 2**20} MB trống; cần ít nhất "
            f"{MIN_FREE_BYTES // 2**20} MB để lưu hồ sơ và bản quét an toàn.",
        )
    return Check(
        "Kho dữ liệu", True, f"{folder}, phiên bản lược đồ {revision}, còn {free // 2**30} GB trống"
    )


def check_fonts() -> Check:
    from reportlab.pdfbase.ttfonts import TTFont

    letters = vietnamese_letters()
    for name in FONTS:
        path = resource("fonts", name)
        if not path.is_file():
            return Check(
                "Phông chữ", False, f"Thiếu tệp phông {name} trong {path.parent}. Cài lại ứng dụng."
            )
        try:
            cmap = TTFont(name, str(path)).face.charToGlyph
        except Exception as exc:  # reportlab raises several types for a damaged file
            return Check("Phông chữ", False, f"Tệp phông {name} bị hỏng ({exc}). Cài lại ứng dụng.")
        missing = [ch for ch in letters if ord(ch) not in cmap]
        if missing:
            return Check(
                "Phông chữ",
                False,
                f"Phông {name} thiếu {len(missing)} chữ tiếng Việt: {''.join(missing[:10])}",
            )
    return Check("Phông chữ", True, f"{len(FONTS)} phông đủ {len(letters)} chữ cái tiếng Việt")


def check_audit(url: str, folder: Path) -> Check:
    """The audit chain verifies under this machine's key (kiosk/audit.py)."""
    from kiosk import audit
    from kiosk.db import open_store

    try:
        store = open_store(url, folder=folder)
        try:
            with store.reads() as s:
                verdict = audit.verify(s)
        finally:
            store.close()
    except KioskError as exc:
        return Check("Nhật ký kiểm tra", False, exc.message)
    if verdict.ok:
        return Check("Nhật ký kiểm tra", True, f"{verdict.events} sự kiện, chuỗi khóa nguyên vẹn")
    return Check(
        "Nhật ký kiểm tra",
        False,
        verdict.message() + " Không sửa gì thêm; hãy báo "
        "người phụ trách và chạy “kiosk audit verify” để xem chi tiết.",
    )


def check_signing(path: Path | None) -> Check | None:
    """The officers' USB token of ``[signing]``: its driver loads and the token is plugged in
    (None when the config cannot be read: ``check_config`` says why)."""
    from kiosk.signing.token import list_tokens

    try:
        token = config_mod.load(path).signing.token
    except KioskError:
        return None
    if token is None:
        return Check("Ký số", True, "không dùng USB token: khóa ký mềm của cán bộ, nếu có")
    try:
        found = list_tokens(token.module)
    except KioskError as exc:
        return Check("Ký số", False, exc.message)
    mine = [t for t in found if t.label == token.token_label or not token.token_label]
    if not mine:
        return Check(
            "Ký số",
            False,
            f"thư viện {token.module} nạp được nhưng chưa cắm USB token “{token.shown_label}”",
        )
    certs = sum(len(t.certificates) for t in mine)
    return Check("Ký số", True, f"USB token “{mine[0].label}” đang cắm, {certs} chứng thư số")


def run_checks(config_path: Path | None, paths: AppPaths) -> list[Check]:
    """Check the config at ``config_path`` and the store of ``paths`` (machine's or demo's)."""
    private_dir(paths.data)
    store = check_store(paths.store_url, paths.data)
    checks = [check_config(config_path), store]
    if store.ok:
        checks.append(check_audit(paths.store_url, paths.data))
    signing = check_signing(config_path)
    return checks + [check_fonts()] + ([signing] if signing is not None else [])
