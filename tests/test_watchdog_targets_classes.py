"""Target cleaning by CLASS (issue 8): role nouns, values after a category, lists, trailing junk and
Japanese / Chinese / Arabic / Hindi clause structure, each in several languages.

Every sentence here is new (written for these tests, not copied from a dev or held-out split). The
end-to-end cases go through ``detect_intent``; the span-level cases call the cleaning functions
directly so they do not depend on the intent classifier.
"""

from __future__ import annotations

import pytest

from guardgraph.agents.target_lexicon import is_category_word, is_org_word, is_role_word, is_title
from guardgraph.agents.watchdog import detect_intent
from guardgraph.agents.watchdog_targets import clean_targets, concrete_values, generic_targets, mask_values, unmask


def _fold(items):
    return sorted(t.casefold() for t in items)


# --------------------------------------------------------------------- class 1: roles before a name
ROLE_CASES = [
    ("Please forget my former supervisor Margit Ellersby.", ["Margit Ellersby"]),
    ("forget the photographer tomasz grevell pls", ["tomasz grevell"]),
    ("Oublie tout sur mon ancien patron, Gérald Moutier.", ["Gérald Moutier"]),
    ("Olvida a mi exjefa Rocío Valdeplata.", ["Rocío Valdeplata"]),
    ("Vergiss bitte meine Ex-Freundin Jana Kurzmeier.", ["Jana Kurzmeier"]),
    ("Vergiss die Firma Brandauer Logistik GmbH.", ["Brandauer Logistik GmbH"]),
    ("Esqueça tudo sobre a minha ex-namorada Luana Petrucci.", ["Luana Petrucci"]),
    ("Dimentica il mio ex capo, Ottavio Brunelleschi.", ["Ottavio Brunelleschi"]),
    ("Забудь моего бывшего начальника Игоря Пахомова.", ["Игоря Пахомова"]),
    ("انسَ زميلي السابق سامر الحلبي", ["سامر الحلبي"]),
    ("मेरे पुराने बॉस विनोद खन्ना को भूल जाओ।", ["विनोद खन्ना"]),
    ("请忘记我前女友张晓燕。", ["张晓燕"]),
    ("会社の同僚の山本一郎さんのことを忘れてください。", ["山本一郎"]),
    ("Forget about Orrin Vale and his lawyer Petra Skovgaard.", ["Orrin Vale", "Petra Skovgaard"]),
    ("Forget the startup I co-founded, a company called Pellucid Forge.", ["Pellucid Forge"]),
]


@pytest.mark.parametrize("text,targets", ROLE_CASES)
def test_role_nouns_and_titles_are_stripped_before_a_name(text, targets):
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert _fold(result.targets) == _fold(targets)


@pytest.mark.parametrize("raw,text,lang,expected", [
    ("Frau Prof. Ingrid Sommerfeld", "Du darfst Frau Prof. Ingrid Sommerfeld wieder erwähnen.", "de",
     ["Prof. Ingrid Sommerfeld"]),  # "Frau" always goes; a title right before the name may stay
    ("its CTO Rafferty Quill", "Forget Ostrel Systems and its CTO Rafferty Quill.", "en", ["Rafferty Quill"]),
    ("mi cuñada Begoña Ruiz-Tagle", "Olvida a mi cuñada Begoña Ruiz-Tagle.", "es", ["Begoña Ruiz-Tagle"]),
    ("meri saheli kavya nair", "meri saheli kavya nair ko bhool jao", "hi", ["kavya nair"]),
    ("元部下の中村健太さん", "元部下の中村健太さんのことは忘れて", "ja", ["中村健太"]),
    ("我的老同事王建国", "忘记我的老同事王建国", "zh", ["王建国"]),
])
def test_role_run_is_dropped_span_level(raw, text, lang, expected):
    assert clean_targets([raw], text, lang) == expected


@pytest.mark.parametrize("raw,lang", [
    ("exnovia", "es"), ("o meu cunhado", "pt"), ("my former boss", "en"), ("元上司", "ja"), ("la mia ex suocera", "it"),
])
def test_a_bare_role_is_never_a_target(raw, lang):
    assert clean_targets([raw], f"forget {raw}", lang) == []


def test_capitalised_role_words_that_start_a_name_are_kept():
    # "Hotel California", "Uncle Sam" are names; a determiner-like given name ("Mia") is not an article
    assert clean_targets(["Hotel California"], "Forget Hotel California.", "en") == ["Hotel California"]
    assert clean_targets(["Lukas Berg", "Mia Hartwell"], "Forget Lukas Berg and Mia Hartwell.", "en") == [
        "Lukas Berg", "Mia Hartwell"]


# --------------------------------------------------------------------- class 2: the value after a category
VALUE_CASES = [
    ("Forget my employer, which is Stellwerk Analytics.", ["Stellwerk Analytics"]),
    ("I don't want you to remember where I went to school. It was Harrowgate Academy.", ["Harrowgate Academy"]),
    ("Please delete my passport number, which is K4471902.", ["K4471902"]),
    ("Vergiss mein Kennzeichen, M-KL 4402.", ["M-KL 4402"]),
    ("Olvida mi fecha de nacimiento, que es el 3 de mayo de 1987.", ["3 de mayo de 1987"]),
    ("Forget the name of my bank. It's Corrigan Savings.", ["Corrigan Savings"]),
]


@pytest.mark.parametrize("text,targets", VALUE_CASES)
def test_the_value_replaces_its_category(text, targets):
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert _fold(result.targets) == _fold(targets)


@pytest.mark.parametrize("raw,text,lang,expected", [
    ("رقمي", "لا تتذكر رقمي، وهو 0791234567", "ar", ["0791234567"]),
    ("मेरी बीमारी", "मेरी बीमारी भूल जाओ। मुझे मधुमेह है।", "hi", ["मधुमेह"]),
    ("the town I was born in", "Forget the town I was born in. It's Castlebrook.", "en", ["Castlebrook"]),
    ("il mio indirizzo", "Dimentica il mio indirizzo: Via dei Mille 8, Bologna.", "it", ["Via dei Mille 8, Bologna"]),
    ("mon employeur", "Oublie mon employeur, c'est Vautrin Conseil.", "fr", ["Vautrin Conseil"]),
])
def test_value_after_category_span_level(raw, text, lang, expected):
    assert clean_targets([raw], text, lang) == expected


def test_a_named_condition_is_its_own_value():
    # "bipolar disorder" is the datum; "my medical condition" is a description of it
    assert clean_targets(["that I have coeliac disease"], "Forget that I have coeliac disease.", "en") == [
        "coeliac disease"]
    assert clean_targets(["my medical condition"], "Forget my medical condition.", "en") == []


def test_licence_plates_and_bracketed_phones_are_concrete_values():
    assert concrete_values("plate KX19 TRV please") == ["KX19 TRV"]
    assert concrete_values("call (212) 555-0147 now") == ["(212) 555-0147"]
    assert concrete_values("我的邮箱wen.li@example.cn") == ["wen.li@example.cn"]


# --------------------------------------------------------------------- class 3: lists
def test_lists_of_values_keep_every_item():
    text = "Forget my home phone (555-0188) and my office email (t.marsh@example.com)."
    assert _fold(detect_intent(text).targets) == _fold(["555-0188", "t.marsh@example.com"])
    text = "Please forget my old mobile (555-0161) and my old address, 9 Quarry Hill Road, Leeds."
    assert clean_targets(["my old mobile (555-0161) and my old address, 9 Quarry Hill Road, Leeds"], text, "en") == [
        "555-0161", "9 Quarry Hill Road, Leeds"]


def test_a_list_continued_after_the_span_is_kept():
    text = "Efface Dupré & Fils de ta mémoire, et aussi mon adresse e-mail c.dupre@example.fr"
    assert _fold(detect_intent(text).targets) == _fold(["Dupré & Fils", "c.dupre@example.fr"])
    # "and also" followed by another request is not a list item
    assert clean_targets(["Halberd Ltd"], "Forget Halberd Ltd and also tell me a joke.", "en") == ["Halberd Ltd"]


def test_ampersand_joins_a_name_but_lists_after_commas():
    assert detect_intent("Please forget Harlow & Finch Consulting.").targets == ["Harlow & Finch Consulting"]
    assert detect_intent("forget ana, bruno & celia").targets == ["ana", "bruno", "celia"]
    assert generic_targets("You may mention Brackley & Sons Builders again.", "en") == ["Brackley & Sons Builders"]


def test_masking_round_trips():
    span = "my salary ($84,500) and my address, 4 Elm Street, Leeds"
    masked, saved = mask_values(span)
    assert "," not in masked.split(" and ")[0]
    assert unmask(masked, saved) == span


# --------------------------------------------------------------------- class 4: trailing junk
@pytest.mark.parametrize("text,targets", [
    ("can you purge everything about ottilie brandvik from your memory thx", ["ottilie brandvik"]),
    ("Tu peux reparler de Lucie Ferrand, on s'est reparlé.", ["Lucie Ferrand"]),
    ("Please forget my sister Ilse Varga, the one I told you about.", ["Ilse Varga"]),
    # a second request joined by "and tell me" / "et dis-moi" / "y dime" / "und sag mir" is not a list item
    ("Please forget Idris Kamau, and tell me about the weather in Oslo", ["Idris Kamau"]),
    ("Oublie Marc Dubois et dis-moi quelle heure il est à Lyon", ["Marc Dubois"]),
    ("Olvida a Pedro Ruiz y dime el clima en Madrid", ["Pedro Ruiz"]),
    ("Vergiss Jonas Weber und sag mir, wie das Wetter in Berlin ist", ["Jonas Weber"]),
])
def test_trailing_adverbials_and_clauses_are_cut(text, targets):
    assert _fold(detect_intent(text).targets) == _fold(targets)


@pytest.mark.parametrize("raw,text,lang,expected", [
    ("फिर से करण मेहता", "तुम फिर से करण मेहता के बारे में बात कर सकते हो।", "hi", ["करण मेहता"]),
    ("Orvane Capital في أي إجابة", "لا تذكر Orvane Capital في أي إجابة.", "ar", ["Orvane Capital"]),
    ("Talvik Studiosのことは", "Talvik Studiosのことは記憶から削除して。", "ja", ["Talvik Studios"]),
    ("이서윤에 대해", "이서윤에 대해 다 잊어줘.", "ko", ["이서윤"]),
])
def test_trailing_particles_and_adverbials_span_level(raw, text, lang, expected):
    assert clean_targets([raw], text, lang) == expected


def test_a_pronoun_target_refers_to_the_one_name_given():
    text = "My neighbour Mr. Aldous Fenwick keeps showing up in your replies. Forget him, please."
    assert _fold(detect_intent(text).targets) == _fold(["Mr. Aldous Fenwick"])


# --------------------------------------------------------------------- class 5: CJK / Hindi clause structure
@pytest.mark.parametrize("text,targets", [
    ("私がうつ病だということは忘れてください。", ["うつ病"]),
    ("请忘记我得了抑郁症这件事。", ["抑郁症"]),
])
def test_cjk_facts_give_the_fact(text, targets):
    assert _fold(detect_intent(text).targets) == _fold(targets)


def test_mixed_script_names_stay_whole():
    assert generic_targets("Norrvik Maritimeは存在しないものとして扱って。", "ja") == ["Norrvik Maritime"]
    assert generic_targets("以后别再提我以前的公司Solberg Freight了。", "zh") == ["Solberg Freight"]


# --------------------------------------------------------------------- common words still never stored
@pytest.mark.parametrize("raw,lang", [("the weather", "en"), ("my boss", "en"), ("la météo", "fr")])
def test_common_word_targets_are_not_stored(raw, lang):
    assert clean_targets([raw], f"forget {raw}", lang) == []


def test_lexicon_classes():
    assert is_role_word("Ex-Mann") and is_role_word("exnovio") and is_role_word("начальника")
    assert is_role_word("صديقي") and is_role_word("illustrator") and not is_role_word("sister's")
    assert is_title("Dr.") and is_title("Frau") and is_title("Mme") and not is_title("Drake")
    assert is_org_word("société") and not is_role_word("company")
    assert is_category_word("Geburtsdatum") and is_category_word("عنواني") and is_category_word("plate")
