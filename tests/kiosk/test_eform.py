"""E-form rules in the core (kiosk/eform.py), and the reception service refusing what they
refuse."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk import eform
from kiosk.catalog import eform_from_json
from kiosk.dossier_types import ItemCounts
from kiosk.errors import InvalidInput
from kiosk.models import Dossier, OutboxItem, ProcedureVersion
from kiosk.paths import resource
from tests.factories import MONDAY, add_procedure, make_reception
from tests.fuzzing import fuzz

TODAY = MONDAY.date()  # 7 December 2026


def seed_form(form_id):
    doc = json.loads(resource("catalog", "seed.json").read_text(encoding="utf-8"))
    for proc in doc["procedures"]:
        for ver in proc["versions"]:
            if (ver.get("eform") or {}).get("id") == form_id:
                return eform_from_json(ver["eform"])
    raise LookupError(form_id)


MARRIAGE = seed_form("to_khai_ket_hon")
BIRTH = seed_form("to_khai_khai_sinh")
GOOD_MARRIAGE = {
    "wife_name": "Trần Thị Bình",
    "wife_id": "001195123456",
    "wife_dob": "10/05/1995",
    "husband_name": "Nguyễn Văn An",
    "husband_id": "038090123456",
    "husband_dob": "01/01/1990",
    "previous_marriage": "Chưa",
}


def errors(form, answers, complete=True, on=TODAY):
    return eform.check(form, answers, on=on, complete=complete)[1]


def test_a_good_marriage_form_is_clean():
    clean, errs = eform.check(MARRIAGE, GOOD_MARRIAGE, on=TODAY, complete=True)
    assert errs == {}
    assert clean["wife_dob"] == "10/05/1995" and clean["applicant_phone"] == ""


def test_required_fields_only_for_acceptance():
    partial = {"wife_name": "Trần Thị Bình"}
    assert errors(MARRIAGE, partial, complete=False) == {}
    missing = errors(MARRIAGE, partial, complete=True)
    assert set(missing) == {
        "wife_id",
        "wife_dob",
        "husband_name",
        "husband_id",
        "husband_dob",
        "previous_marriage",
    }
    assert missing["wife_id"].message == "Bắt buộc phải điền."
    assert [f.key for f in eform.missing_required(MARRIAGE, partial)] == list(missing)


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("wife_dob", "31/02/1995", "không phải ngày có thật"),
        ("wife_dob", "1995", "không phải ngày có thật"),
        ("wife_dob", 19950510, "phải là ngày"),
        ("previous_marriage", "Có thể", "không có trong danh sách"),
        ("wife_name", "x" * 101, "dài quá 100"),
        ("wife_name", "Trần\x00Bình", "ký tự điều khiển"),
        ("wife_name", "Trần \ud800", "ký tự không hợp lệ"),
        ("wife_name", 42, "phải là văn bản"),
        ("wife_id", "00119512345", "12 chữ số"),
        ("applicant_phone", "0912 345 67x", "không phải số điện thoại"),
    ],
)
def test_field_types(key, value, words):
    errs = errors(MARRIAGE, {**GOOD_MARRIAGE, key: value})
    assert list(errs) == [key] and words in errs[key].message.lower()


def test_unknown_field_is_refused():
    assert "không có trường này" in errors(MARRIAGE, {**GOOD_MARRIAGE, "hack": "1"})["hack"].message


def test_numbers_keep_to_min_and_max():
    form = seed_form("to_khai_tthn")
    base = {
        "applicant_name": "Lê Hoa",
        "applicant_id": "001195123456",
        "residence": "Hà Nội",
        "status": "Chưa kết hôn",
        "purpose": "Để kết hôn",
    }
    assert eform.check(form, {**base, "copies": "2"}, on=TODAY, complete=True) == (
        {**base, "applicant_phone": "", "copies": 2},
        {},
    )
    assert "Không được quá 10" in errors(form, {**base, "copies": 11})["copies"].message
    assert "Phải từ 1" in errors(form, {**base, "copies": 0})["copies"].message
    assert "số nguyên" in errors(form, {**base, "copies": 1.5})["copies"].message
    assert "số nguyên" in errors(form, {**base, "copies": float("nan")})["copies"].message
    assert "Phải là số" in errors(form, {**base, "copies": True})["copies"].message


def test_no_date_in_the_future():
    answers = {"child_dob": "08/12/2026"}
    errs = errors(BIRTH, answers, complete=False)
    assert "ở sau ngày tiếp nhận (07/12/2026)" in errs["child_dob"].message
    assert errors(BIRTH, {"child_dob": "07/12/2026"}, complete=False) == {}
    assert (
        "ở sau" in errors(BIRTH, {"child_dob": "2027-01-01"}, complete=False)["child_dob"].message
    )


def test_marriage_ages_come_from_the_rules_table_with_their_source():
    ages, _persons = eform.rules()
    by_field = {r.field: r for r in ages if r.form == "to_khai_ket_hon"}
    assert (by_field["husband_dob"].years, by_field["wife_dob"].years) == (20, 18)
    assert all("Điều 8" in r.source and "2014" in r.source for r in by_field.values())

    bride_2015 = {**GOOD_MARRIAGE, "wife_dob": "01/01/2015", "wife_id": "001315000123"}
    message = errors(MARRIAGE, bride_2015)["wife_dob"].message
    assert message.startswith("Bên nữ phải từ đủ 18 tuổi") and "Điều 8" in message
    assert "mới 11 tuổi" in message


@pytest.mark.parametrize(
    "dob, ok",
    [
        ("07/12/2006", True),  # 20 on the very day
        ("08/12/2006", False),  # 20 tomorrow
        ("01/01/2010", False),
    ],
)
def test_groom_must_be_twenty(dob, ok):
    answers = {**GOOD_MARRIAGE, "husband_dob": dob, "husband_id": "038206123456"}
    assert ("husband_dob" not in errors(MARRIAGE, answers)) is ok


def test_bride_of_exactly_eighteen_is_accepted():
    answers = {**GOOD_MARRIAGE, "wife_dob": "07/12/2008", "wife_id": "001308123456"}
    assert errors(MARRIAGE, answers) == {}


def test_age_rule_is_not_applied_before_it_took_effect():
    answers = {**GOOD_MARRIAGE, "husband_dob": "02/01/1995", "husband_id": "038095123456"}
    assert "husband_dob" in errors(MARRIAGE, answers, on=date(2015, 1, 1))  # 19 in 2015
    assert "husband_dob" not in errors(MARRIAGE, answers, on=date(2014, 12, 31))  # no rule in force
    ages, _ = eform.rules()
    assert all(not r.in_force(date(2014, 12, 31)) for r in ages)


@pytest.mark.parametrize(
    "wife_id, words",
    [
        ("001095123456", "chữ số thứ 4 phải là 1"),  # 0 = a man born in the 1900s
        ("001395123456", "chữ số thứ 4 phải là 1"),  # 3 = a woman born in the 2000s
        ("001196123456", "năm sinh 1995"),  # digits 5-6 say 1996
    ],
)
def test_personal_id_must_match_birth_year_and_gender(wife_id, words):
    errs = errors(MARRIAGE, {**GOOD_MARRIAGE, "wife_id": wife_id})
    assert list(errs) == ["wife_id"] and words in errs["wife_id"].message


def test_id_of_a_woman_born_in_the_2000s():
    answers = {**GOOD_MARRIAGE, "wife_dob": "02/03/2000", "wife_id": "001300123456"}
    assert errors(MARRIAGE, answers) == {}


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84-912-345-678", "0912345678"),
        ("0337.123.456", "0337123456"),
        ("024 3825 1234", "02438251234"),  # Hà Nội landline
    ],
)
def test_vietnamese_phone_numbers(typed, stored):
    assert eform.normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["0123456789", "091234567", "09123456789", "+1 212 555 0100", "0912345678x", "٠٩١٢٣٤٥٦٧٨"],
)
def test_not_vietnamese_phone_numbers(typed):
    with pytest.raises(InvalidInput, match="không phải số điện thoại Việt Nam"):
        eform.normalise_phone(typed)


def test_phone_field_checks_the_catalog_pattern_on_the_cleaned_number():
    assert errors(MARRIAGE, {**GOOD_MARRIAGE, "applicant_phone": "+84 912 345 678"}) == {}
    # the seed form's pattern ^0[0-9]{9}$ allows mobiles only: a landline is refused by the catalog
    errs = errors(MARRIAGE, {**GOOD_MARRIAGE, "applicant_phone": "024 3825 1234"})
    assert "không đúng định dạng" in errs["applicant_phone"].message


@pytest.mark.parametrize(
    "typed, ok",
    [
        ("an.nguyen@example.vn", True),
        ("a+b@mail.gov.vn", True),
        ("an@example", False),
        ("an nguyen@example.vn", False),
        ("@example.vn", False),
        ("an@@example.vn", False),
    ],
)
def test_email(typed, ok):
    if ok:
        assert eform.normalise_email(typed) == typed
    else:
        with pytest.raises(InvalidInput, match="thư điện tử"):
            eform.normalise_email(typed)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("0101234567", "0101234567"),
        ("0101234567-001", "0101234567-001"),
        ("0101234567001", "0101234567-001"),
    ],
)
def test_tax_code_has_ten_or_thirteen_digits(typed, stored):
    assert eform.normalise_tax_code(typed) == stored


@pytest.mark.parametrize(
    "typed", ["010123456", "01012345678", "0101234567-01", "010123456A", "0101234567--001"]
)
def test_bad_tax_codes(typed):
    with pytest.raises(InvalidInput, match="10 chữ số, hoặc 13"):
        eform.normalise_tax_code(typed)


def test_validate_raises_with_every_message_keyed_by_field():
    with pytest.raises(eform.EformInvalid) as caught:
        eform.validate(
            MARRIAGE,
            {**GOOD_MARRIAGE, "wife_dob": "01/01/2015", "husband_dob": "x"},
            on=TODAY,
            complete=True,
        )
    assert set(caught.value.errors) == {"wife_dob", "husband_dob"}
    assert "“Ngày sinh bên nữ”: Bên nữ phải từ đủ 18 tuổi" in caught.value.message
    assert isinstance(caught.value, InvalidInput)


ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(st.characters(categories=("Cs", "L", "N", "P", "Z", "Cc"))),
    st.sampled_from(["01/01/2015", "29/02/2024", "+84 912 345 678", "001195123456"]),
    st.lists(st.integers(), max_size=2),
)


@fuzz()
@given(
    answers=st.dictionaries(
        st.sampled_from([f.key for f in MARRIAGE.fields] + ["x", "\ud800"]), ANY_VALUE, max_size=12
    )
)
def test_any_answers_give_field_messages_never_a_crash(answers):
    clean, errs = eform.check(MARRIAGE, answers, on=TODAY, complete=True)
    for e in errs.values():
        assert e.message and e.english
        (e.message + e.label).encode("utf-8")  # showable: no lone surrogate
    assert set(clean) <= {f.key for f in MARRIAGE.fields}


# --- the reception service ------------------------------------------------------------------------


@pytest.fixture
def reception(store, tmp_path):
    return make_reception(store, tmp_path)


def add_with_form(store, form, code="1.000894", name="Đăng ký kết hôn"):
    version_id = add_procedure(store, code=code, name=name)
    with store.sessions.begin() as s:
        s.get(ProcedureVersion, version_id).eform = {
            "id": form.id,
            "title": form.title,
            "fields": [
                {k: v for k, v in vars(f).items() if v not in (None, "", ())} for f in form.fields
            ],
        }
    return version_id


def draft_with_papers(reception, version_id):
    from tests.kiosk.test_reception import PERSON

    snap = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    return reception.set_counts(
        snap.id, {i.id: ItemCounts(originals=1) for i in snap.items if i.required}
    )


def test_save_eform_refuses_a_bride_born_in_2015_and_changes_nothing(store, reception):
    snap = draft_with_papers(reception, add_with_form(store, MARRIAGE))
    reception.save_eform(snap.id, {"wife_name": "Trần Thị Bình"}, on=TODAY)
    with pytest.raises(eform.EformInvalid, match="đủ 18 tuổi") as caught:
        reception.save_eform(
            snap.id,
            {**GOOD_MARRIAGE, "wife_dob": "01/01/2015", "wife_id": "001315000123"},
            on=TODAY,
        )
    assert list(caught.value.errors) == ["wife_dob"]
    with store.sessions.begin() as s:
        assert s.get(Dossier, snap.id).eform["wife_name"] == "Trần Thị Bình"
        assert s.get(Dossier, snap.id).eform["wife_dob"] == ""


def test_save_eform_refuses_a_birth_dated_next_year(store, reception):
    snap = draft_with_papers(
        reception, add_with_form(store, BIRTH, "1.001193", "Đăng ký khai sinh")
    )
    with pytest.raises(InvalidInput, match="không được ghi ngày trong tương lai"):
        reception.save_eform(snap.id, {"child_dob": "01/02/2027"}, on=TODAY)


def test_save_eform_stores_the_cleaned_answers(store, reception):
    snap = draft_with_papers(reception, add_with_form(store, MARRIAGE))
    saved = reception.save_eform(
        snap.id,
        {**GOOD_MARRIAGE, "wife_name": "  Trần  Thị Bình ", "applicant_phone": "+84 912 345 678"},
        on=TODAY,
    )
    assert saved.eform["wife_name"] == "Trần Thị Bình"
    assert saved.eform["applicant_phone"] == "0912345678"


def test_accept_needs_a_complete_valid_form_but_a_supplement_does_not(store, reception):
    version_id = add_with_form(store, MARRIAGE)
    snap = draft_with_papers(reception, version_id)
    reception.save_eform(snap.id, {"wife_name": "Trần Thị Bình"}, on=TODAY)
    with pytest.raises(eform.EformInvalid, match="Bắt buộc phải điền") as caught:
        reception.accept(snap.id, None, MONDAY)
    assert "husband_dob" in caught.value.errors
    with store.sessions.begin() as s:
        assert s.get(Dossier, snap.id).status == "draft"
        assert s.scalars(select(OutboxItem)).all() == []
    # the same incomplete form is no obstacle to asking for papers (issue 9 §6)
    other = reception.create_draft(version_id, None, MONDAY)
    decision = reception.request_supplement(
        other.id, None, [other.items[0].id, other.items[1].id], "Thiếu giấy tờ theo quy định"
    )
    assert decision.dossier.status == "supplement_requested"
    reception.save_eform(snap.id, GOOD_MARRIAGE, on=TODAY)
    assert reception.accept(snap.id, None, MONDAY).dossier.status == "accepted"


def test_accept_checks_the_form_on_the_day_of_reception(store, reception):
    snap = draft_with_papers(
        reception, add_with_form(store, BIRTH, "1.001193", "Đăng ký khai sinh")
    )
    answers = {
        "applicant_name": "Nguyễn Văn An",
        "applicant_id": "038090123456",
        "relationship": "Cha",
        "child_name": "Nguyễn Văn Bé",
        "child_sex": "Nam",
        "child_dob": "07/12/2026",
        "birth_place": "Bệnh viện",
        "hometown": "Thanh Hóa",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
    }
    reception.save_eform(snap.id, answers, on=TODAY)
    with pytest.raises(InvalidInput, match="tương lai"):
        reception.accept(snap.id, None, MONDAY.replace(day=6))  # a clock set back a day
    assert reception.accept(snap.id, None, MONDAY).dossier.status == "accepted"
