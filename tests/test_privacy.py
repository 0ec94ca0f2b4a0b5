from __future__ import annotations

from huanjie.privacy import mask_name, mask_phone


def test_a_mobile_number_shows_only_its_first_three_and_last_four_digits():
    assert mask_phone("13812341234") == "138****1234"


def test_names_keep_the_surname_and_hide_the_rest():
    assert mask_name("张三") == "张*"
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("欧阳娜娜") == "欧**娜"
