"""The citizen-ID card QR parser and the 12-digit personal ID."""

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.identity import (
    CitizenCard,
    century_gender_digit,
    parse_cccd_qr,
    province_codes,
    validate_personal_id,
)
from tests.fuzzing import Tally, fuzz

GOOD = "038090123456|173456789|NGUYỄN VĂN AN|01011990|Nam|Thôn 3, xã Quảng Phú, Thanh Hóa|15042021"


def test_parse_seven_fields():
    card = parse_cccd_qr(GOOD)
    assert card == CitizenCard(
        "038090123456",
        "173456789",
        "NGUYỄN VĂN AN",
        date(1990, 1, 1),
        "Nam",
        "Thôn 3, xã Quảng Phú, Thanh Hóa",
        date(2021, 4, 15),
    )


def test_parse_six_fields_without_old_id():
    card = parse_cccd_qr("001301234567|TRẦN THỊ BÌNH|20052001|Nữ|Số 5 phố Huế, Hà Nội|01072021")
    assert card.old_id_number is None
    assert card.gender == "Nữ" and card.date_of_birth == date(2001, 5, 20)


def test_parse_tolerates_wedge_newline_and_spaces():
    assert parse_cccd_qr("  " + GOOD.replace("|Nam|", "| Nam |") + "\r\n") == parse_cccd_qr(GOOD)


def test_parse_empty_old_id_in_seven_fields():
    assert parse_cccd_qr(GOOD.replace("173456789", "")).old_id_number is None


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "không có nội dung"),
        ("038090123456|NGUYỄN VĂN AN|01011990|Nam", "6 hoặc 7 trường"),
        (GOOD.replace("038090123456", "03809012345"), "12 chữ số"),
        (GOOD.replace("01011990", "31021990"), "không phải ngày có thật"),
        (GOOD.replace("01011990", "1011990"), "8 chữ số"),
        (GOOD.replace("|Nam|", "|Male|"), "Nam hoặc Nữ"),
        (GOOD.replace("|Nam|", "|Nữ|"), "giới tính"),
        (GOOD.replace("01011990", "01011991"), "năm sinh"),
        (GOOD.replace("038090", "099090"), "mã tỉnh"),
        (GOOD.replace("173456789", "17345"), "CMND cũ"),
        (GOOD.replace("NGUYỄN VĂN AN", "  "), "họ và tên"),
        (GOOD.replace("15042021", "15041980"), "ngày cấp trước ngày sinh"),
        ("038090123456|173456789|NGUYỄN VĂN AN|01011990|Nam", "nhận được 5"),
    ],
)
def test_parse_refuses_bad_qr_with_vietnamese_reason(text, words):
    with pytest.raises(InvalidInput) as info:
        parse_cccd_qr(text)
    assert "Mã QR căn cước không hợp lệ" in str(info.value)
    assert words in str(info.value)


def test_century_gender_digit():
    assert century_gender_digit(date(1990, 1, 1), "Nam") == 0
    assert century_gender_digit(date(1990, 1, 1), "Nữ") == 1
    assert century_gender_digit(date(2001, 1, 1), "Nam") == 2
    assert century_gender_digit(date(2001, 1, 1), "Nữ") == 3


def test_validate_personal_id_without_birth_data():
    assert validate_personal_id(" 079203000001 ") == "079203000001"
    with pytest.raises(InvalidInput, match="12 chữ số"):
        validate_personal_id("07920300000A")


# --- property-based -----------------------------------------------------------------------------

names = st.text(
    alphabet="AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÀÁẢÃẠỄỆỒỜỮ ", min_size=2, max_size=40
).filter(lambda s: s.strip())
addresses = st.text(
    alphabet=st.characters(
        blacklist_characters="|\r\n", blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")
    ),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() and not any(ch.isdigit() and not ch.isascii() for ch in s))


@st.composite
def cards(draw):
    dob = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    gender = draw(st.sampled_from(["Nam", "Nữ"]))
    province = draw(st.sampled_from(sorted(province_codes())))
    tail = draw(st.integers(0, 999_999))
    id_number = f"{province}{century_gender_digit(dob, gender)}{dob.year % 100:02d}{tail:06d}"
    old = draw(st.one_of(st.just(""), st.from_regex(r"\A[0-9]{9}\Z")))
    issued = draw(st.one_of(st.none(), st.dates(min_value=dob, max_value=date(2100, 1, 1))))
    return id_number, old, draw(names), dob, gender, draw(addresses), issued


def render(id_number, old, name, dob, gender, address, issued, six=False):
    fields = (
        [id_number]
        + ([] if six else [old])
        + [
            name,
            dob.strftime("%d%m%Y"),
            gender,
            address,
            issued.strftime("%d%m%Y") if issued else "",
        ]
    )
    return "|".join(fields)


@given(cards(), st.booleans(), st.sampled_from(["", "\n", "\r\n", "  "]))
def test_property_round_trip(fields, six, trailer):
    """Any well-formed card renders to text that parses back to the same values."""
    id_number, old, name, dob, gender, address, issued = fields
    card = parse_cccd_qr(render(*fields, six=six) + trailer)
    assert card.id_number == id_number
    assert card.old_id_number == (None if six or not old else old)
    assert card.date_of_birth == dob and card.gender == gender and card.issue_date == issued
    assert card.full_name == " ".join(name.split())


@given(cards(), st.integers(0, 11), st.sampled_from("0123456789"))
def test_property_changed_structured_digit_is_refused_or_consistent(fields, pos, digit):
    """Changing one digit of the ID still satisfies every rule or is refused, never crashes."""
    id_number = fields[0]
    changed = id_number[:pos] + digit + id_number[pos + 1 :]
    assume(changed != id_number)
    text = render(changed, *fields[1:])
    if 3 <= pos <= 5 or (pos < 3 and changed[:3] not in province_codes()):
        with pytest.raises(InvalidInput):
            parse_cccd_qr(text)
    else:
        assert parse_cccd_qr(text).id_number == changed


# --- refused characters, extra fields ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        GOOD.replace("038090123456", "٠٣٨٠٩٠١٢٣٤٥٦"),  # Arabic-Indic digits
        GOOD.replace("01011990", "０１０１１９９０"),  # fullwidth digits
        GOOD.replace("173456789", "१७३४५६७८९"),  # Devanagari digits
        GOOD.replace("Thôn 3", "Thôn ３"),
    ],
)
def test_parse_refuses_non_ascii_digits(text):
    with pytest.raises(InvalidInput, match="chữ số không phải 0–9") as info:
        parse_cccd_qr(text)
    assert str(info.value).startswith("Mã QR căn cước không hợp lệ")


@pytest.mark.parametrize(
    "char", ["\x00", "\t", "\n", "\x1b", "\x7f", "\u200b", "\u202e", "\ud800", "\ue000"]
)
def test_parse_refuses_control_and_invisible_characters(char):
    words = f"ký tự điều khiển hoặc ký tự ẩn \\(U\\+{ord(char):04X}\\)"
    with pytest.raises(InvalidInput, match=words):
        parse_cccd_qr(GOOD.replace("VĂN AN", f"VĂN{char}AN"))


def test_validate_personal_id_refuses_non_ascii_digits():
    with pytest.raises(InvalidInput, match="12 chữ số"):
        validate_personal_id("٠٧٩٢٠٣٠٠٠٠٠١")
    with pytest.raises(InvalidInput, match="12 chữ số"):
        validate_personal_id("079203000001\n7")


def test_parse_ignores_fields_after_the_seventh():
    """The 2024 Căn cước card is reported to add fields, such as the parents' names."""
    assert parse_cccd_qr(GOOD + "|NGUYỄN VĂN BA|TRẦN THỊ MẸ") == parse_cccd_qr(GOOD)
    assert parse_cccd_qr(GOOD + "||||\r\n") == parse_cccd_qr(GOOD)
    six = "001301234567|TRẦN THỊ BÌNH|20052001|Nữ|Số 5 phố Huế, Hà Nội|01072021"
    assert parse_cccd_qr(six + "|TRẦN VĂN CHA|LÊ THỊ MẸ") == parse_cccd_qr(six)
    assert parse_cccd_qr(six + "|LÊ THỊ MẸ").date_of_birth == date(2001, 5, 20)


def test_extra_fields_do_not_rescue_a_bad_card():
    with pytest.raises(InvalidInput, match="CMND cũ"):
        parse_cccd_qr(GOOD.replace("173456789", "17345") + "|NGUYỄN VĂN BA")
    with pytest.raises(InvalidInput, match="ký tự điều khiển"):
        parse_cccd_qr(GOOD + "|NGUYỄN\x00VĂN BA")


# --- fuzz: any text is a card or a Vietnamese refusal ---------------------------------------------

ODD = st.sampled_from(
    [
        "|",
        "\n",
        "\r",
        "\x00",
        "\u202e",
        "\ud800",
        "٣",
        "３",
        "²",
        "Ⅻ",
        " ",
        "\x1c",
        "Nữ",
        "NỮ",
        "nam",
        "00",
        "31022000",
        "ǅ",
        "\U0001f600",
    ]
)
ODD = ODD | st.characters()
_ID12_ASCII = re.compile(r"[0-9]{12}")


@st.composite
def mutated_cards(draw):
    """Well-formed cards with odd characters put in anywhere and fields added at the end."""
    text = "|".join(
        [
            render(*draw(cards()), six=draw(st.booleans())),
            *draw(st.lists(st.text(max_size=20), max_size=4)),
        ]
    )
    for pos, piece in draw(st.lists(st.tuples(st.integers(0, 400), ODD), max_size=4)):
        pos %= len(text) + 1
        text = text[:pos] + piece + text[pos:]
    return text


def test_fuzz_any_text_gives_a_card_or_a_vietnamese_refusal():
    """Run with FUZZ_EXAMPLES=5000 FUZZ_COUNT=1 -s for the figures (cases, crashes)."""
    tally = Tally("card QR")

    @fuzz()
    @given(st.one_of(st.text(max_size=300), mutated_cards()))
    def case(text):
        result = tally.call(parse_cccd_qr, text, allowed=(InvalidInput,))
        if isinstance(result, InvalidInput):
            if not str(result).startswith("Mã QR căn cước không hợp lệ: ") or not result.english:
                tally.crash("a refusal without the Vietnamese message")
        elif isinstance(result, CitizenCard) and (
            not _ID12_ASCII.fullmatch(result.id_number)
            or any(unicodedata.category(ch)[0] == "C" for ch in result.full_name + result.address)
        ):
            tally.crash("a card with a control character or a non-ASCII digit")

    case()
    tally.check()
