from django.urls import reverse

from mkbroute.lib.urls import url_maker


def test_a_url_maker_gives_what_reverse_gives_for_each_argument():
    edit = url_maker("employers:edit_place")
    for slug in ["servicemonteur", "monteur-2", "a_b-3"]:
        assert edit(slug) == reverse("employers:edit_place", args=[slug])


def test_a_url_maker_quotes_what_it_fills_in():
    assert url_maker("employers:edit_place")("a/b?c") == "/werkgevers/mijn/plek/a%2Fb%3Fc/"


def test_a_url_maker_fills_in_numbers_where_the_url_takes_a_number():
    withdraw = url_maker("mine_withdraw_consent")
    for pk in [1, 42, 4294967295, 10**12]:
        assert withdraw(pk) == reverse("mine_withdraw_consent", args=[pk])
