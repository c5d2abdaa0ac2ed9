from hypothesis import given
from hypothesis import strategies as st

from kiosk.text import fold, nfc


def test_fold_removes_accents_and_maps_d():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("NGUYỄN ĐỨC ĐẠT") == "nguyen duc dat"
    assert fold("  Chứng   thực\tbản sao ") == "chung thuc ban sao"


def test_fold_same_for_nfc_and_nfd_input():
    import unicodedata

    s = "Hồ Chí Minh, Thừa Thiên Huế"
    assert fold(unicodedata.normalize("NFD", s)) == fold(s) == "ho chi minh, thua thien hue"


def test_nfc_composes_and_collapses_spaces():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   A ")
    assert nfc(decomposed) == "Nguyễn Văn A"
    assert len(nfc(decomposed)) == len("Nguyễn Văn A")


@given(st.text())
def test_fold_output_is_ascii_for_vietnamese_letters(text):
    folded = fold(text)
    assert fold(folded) == folded  # idempotent
    assert not any(ch in folded for ch in "ăâđêôơưĐ")
