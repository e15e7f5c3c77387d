"""Target cleaning, round 3 (issue 8): the CLASSES behind the target errors of the retired v4 split. Each class is
checked on the v4 line and on new sentences written for these tests (other names, other languages).

Classes: trailing politeness / "for good" / "in future chats" / "I changed my mind" in many languages; a title
("Dra.", "dr.", "डॉ.", "بالدكتورة") is no separate target and a span cut at its dot runs on; a list item given
later ("and X too", "还有…叫X", a later "And forget the company too: X", "ولا بعيادتها، X"); a category whose
value comes later or around it ("Se llama X", "my home address: <address>", "诊断：X", "بتشخيصي، وهو X",
"मेरी बीमारी, X,", "qui est la X", "My diagnosis is X ... Scrub it"); addresses with a flat, a postcode, Russian
"ул. X, 15, кв. 42" and Hindi "42, X नगर, Y"; "Forget it exists" after the name's sentence. Targets are taken
from ``detect_intent``; when the intent is not recognised the generic span finder gives what a correct intent
would get, so these tests check targets only.
"""

from __future__ import annotations

import pytest
from _watchdog_targets import extracted_targets, targets_match

from guardgraph.agents.watchdog import detect_intent
from guardgraph.agents.watchdog_targets import ADDRESS, clean_targets, concrete_values, generic_targets


_targets = extracted_targets
_ok = targets_match


CASES = [
    # --- trailing politeness, "for good", "in future chats", "I changed my mind" ---------------------------
    ("Vergeet mijn ex-collega Sanne de Vries alsjeblieft, voorgoed.", [["Sanne de Vries"]]),  # v4
    ("Vergeet mijn buurman Joris van Leeuwen alstublieft.", [["Joris van Leeuwen"]]),
    ("Glöm bort mitt personnummer 850312-4471, tack.", [["850312-4471"]]),  # v4
    ("Glöm bort min gamla chef Lena Bergqvist, tack.", [["Lena Bergqvist"]]),
    ("vergiss frau dr. keller endgueltig", [["keller", "dr. keller"]]),  # v4
    ("vergiss herrn dr. brandauer endgültig", [["brandauer", "dr. brandauer"]]),
    ("forget dr. okafor for good", [["okafor", "dr. okafor"]]),
    ("Please don't keep anything about my ex-husband, Lorcan Devereux, in future chats.", [["Lorcan Devereux"]]),  # v4
    ("Please don't keep anything about my old landlord, Wendell Prowse, in future conversations.", [["Wendell Prowse"]]),
    ("Ya puedes volver a recordar a Mateo Ibarra, cambié de opinión.", [["Mateo Ibarra"]]),  # v4
    ("Ya puedes volver a mencionar a Lucía Herrán, he cambiado de opinión.", [["Lucía Herrán"]]),
    ("You can talk about Corwin Bale again, I changed my mind.", [["Corwin Bale"]]),
    ("Zapomnij o mojej byłej firmie Kowalczyk-Bud, proszę.", [["Kowalczyk-Bud"]]),  # v4
    ("Zapomnij o moim sąsiedzie Tomaszu Wrónie, dzięki.", [["Tomaszu Wrónie"]]),
    ("Zapomnij o mojej byłej szefowej, Annie Zielińskiej.", [["Annie Zielińskiej"]]),
    ("prefiero que no guardes nada sobre Mateo Salgado en lo que recuerdas de mí.", [["Mateo Salgado"]]),
    ("oye: prefiero que no guardes nada sobre alejandro ruiz en lo que recuerdas de mí.", [["alejandro ruiz"]]),
    ("Smetti di ricordare Chiara Esposito, per favore.", [["Chiara Esposito"]]),
    ("Je préférerais que tu ne gardes pas mon adresse, 14 rue des Carmes, 31000 Toulouse, dans tes souvenirs.",
     [["14 rue des Carmes, 31000 Toulouse"]]),
    ("Je préférerais que tu ne gardes pas mon adresse, 3 rue Victor Hugo, 69002 Lyon, dans ta mémoire.",
     [["3 rue Victor Hugo, 69002 Lyon"]]),
    # --- titles ---------------------------------------------------------------------------------------------
    ("Finge que nunca ouviste falar da Quinta do Vale Escuro nem da Dra. Inês Pacheco.",  # v4
     [["Quinta do Vale Escuro"], ["Inês Pacheco", "Dra. Inês Pacheco"]]),
    ("Finge que nunca ouviste falar do Colégio Santa Marta nem da Dra. Beatriz Lobo.",
     [["Colégio Santa Marta"], ["Beatriz Lobo", "Dra. Beatriz Lobo"]]),
    ("تصرّف وكأنك لم تسمع أبداً بالدكتورة ليلى حداد ولا بعيادتها، عيادة الشفاء.",  # v4
     [["ليلى حداد"], ["عيادة الشفاء", "الشفاء"]]),
    ("تصرّف وكأنك لم تسمع أبداً بالدكتور سامر عيسى ولا بشركته، شركة زمردين.",
     [["سامر عيسى"], ["شركة زمردين", "زمردين"]]),
    # --- a list item given later --------------------------------------------------------------------------
    ("Feel free to talk about Quillon Press again, and Samir Haddad too. Both are back in my life.",  # v4
     [["Quillon Press"], ["Samir Haddad"]]),
    ("You can mention Dorian Welk again, and Hollow Oak Studios as well.", [["Dorian Welk"], ["Hollow Oak Studios"]]),
    ("请忘记我的牙医张丽华医生，还有我住的小区，叫翠湖花园。", [["张丽华"], ["翠湖花园"]]),  # v4
    ("请忘记我的律师王建国，还有我上班的公司，叫蓝鲸科技。", [["王建国"], ["蓝鲸科技"]]),
    ("Forget my work email, priya.n@lumenforge.example, I've left that company. And forget the company too: "
     "Lumenforge.", [["priya.n@lumenforge.example"], ["Lumenforge"]]),  # v4
    ("Forget my old number, 07700 900318. Also forget my landlord: Harriet Oyelaran.",
     [["07700 900318"], ["Harriet Oyelaran"]]),
    ("Oublie mon ancien e-mail, theo.r@vaudrel.example. Et oublie aussi mon employeur : Vaudrel Conseil.",
     [["theo.r@vaudrel.example"], ["Vaudrel Conseil"]]),
    ("मेरा पता 42, गांधी नगर, जयपुर अपनी मेमोरी से हटा दो, और डॉ. अनीता वर्मा को भी भूल जाना।",  # v4
     [["42, गांधी नगर, जयपुर"], ["अनीता वर्मा", "डॉ. अनीता वर्मा"]]),
    ("मेरा पता 17, शिवाजी नगर, पुणे अपनी मेमोरी से हटा दो, और डॉ. राकेश मेहता को भी भूल जाना।",
     [["17, शिवाजी नगर, पुणे"], ["राकेश मेहता", "डॉ. राकेश मेहता"]]),
    ("This is a right-to-erasure request addressed to you, the assistant, not to anyone else: purge my IBAN "
     "GB29 NWBK 6016 1331 9268 19 and the name of my employer from whatever you've stored. The employer was "
     "Pellworth & Sons.", [["GB29 NWBK 6016 1331 9268 19"], ["Pellworth & Sons"]]),  # v4
    ("Please purge my IBAN DE44 5001 0517 5407 3249 31 and the name of my employer from your memory. "
     "The employer is Hartwig Logistik.", [["DE44 5001 0517 5407 3249 31"], ["Hartwig Logistik"]]),
    # --- a category whose value comes later or around it -------------------------------------------------
    ("Quiero que olvides el nombre de mi empresa. Se llama Tejidos Albarán S.L.", [["Tejidos Albarán S.L."]]),  # v4
    ("Quiero que olvides el nombre de mi clínica. Se llama Clínica Arandela.", [["Clínica Arandela"]]),
    ("Oublie le nom de mon entreprise. Elle s'appelle Brumaire Conseil.", [["Brumaire Conseil"]]),
    ("Отмени забывание моего адреса: ул. Ленина, 15, кв. 42, Казань.", [["ул. Ленина, 15, кв. 42, Казань"]]),  # v4
    ("Отмени забывание моего адреса: ул. Садовая, 8, кв. 3, Самара.", [["ул. Садовая, 8, кв. 3, Самара"]]),
    ("Remove my home address from your memory: 27 Wexcombe Road, Swindon SN2 4PL. I moved.",  # v4
     [["27 Wexcombe Road, Swindon SN2 4PL"]]),
    ("Remove my work address from your memory: 41 Tollgate Lane, Reading RG1 8DL. We relocated.",
     [["41 Tollgate Lane, Reading RG1 8DL"]]),
    ("i want u to forget where i live. its flat 3, 9 Harrow Close, Norwich", [["flat 3, 9 Harrow Close, Norwich"]]),  # v4
    ("forget where i live pls. its flat 12, 40 Quarry Road, Leeds", [["flat 12, 40 Quarry Road, Leeds"]]),
    ("From now on, act as though my flat at 9 Marlowe Street, Leeds, never came up in our chats.",
     [["9 Marlowe Street, Leeds"]]),  # "flat at" is no flat number
    ("我不希望你再记住我的诊断：抑郁症。", [["抑郁症"]]),  # v4
    ("请忘记我的地址：北京市朝阳区建国路88号。", [["北京市朝阳区建国路88号"]]),
    ("أرجو ألا تحتفظ بتشخيصي، وهو الصرع.", [["الصرع"]]),  # v4
    ("أرجو ألا تحتفظ بتشخيصي، وهو الفصام.", [["الفصام"]]),
    ("कृपया मेरी बीमारी, थायरॉइड, के बारे में अब याद मत रखना।", [["थायरॉइड"]]),  # v4
    ("कृपया मेरी बीमारी, माइग्रेन, के बारे में अब याद मत रखना।", [["माइग्रेन"]]),
    ("Je retire mon consentement : tu ne dois plus conserver le nom de ma clinique, qui est la Clinique des "
     "Tilleuls.", [["Clinique des Tilleuls"]]),  # v4
    ("Je retire mon consentement : tu ne dois plus garder le nom de mon employeur, qui est la société Vernal "
     "Optique.", [["Vernal Optique"]]),
    ("Retiro mi consentimiento: ya no debes guardar el nombre de mi clínica, que es la Clínica San Telmo.",
     [["Clínica San Telmo"]]),
    ("My diagnosis is bipolar II and I regret telling you. Scrub it from your memory please.", [["bipolar II"]]),  # v4
    ("My employer is Brackenridge Foods and I regret mentioning it. Delete it from your memory.",
     [["Brackenridge Foods"]]),
    ("Oi! Estou montando meu orçamento do mês. Aliás, meu salário é R$ 7.800, mas prefiro que você não guarde "
     "esse valor daqui pra frente. Pode me ajudar a dividir em categorias?", [["R$ 7.800"]]),
    ("My rent is $2,150 a month but please don't store that figure from now on.", [["$2,150"]]),
    ("تراجع عن نسيان مشروع الواحة، أحتاجه الآن.", [["الواحة", "مشروع الواحة"]]),  # v4
    ("تراجع عن نسيان مشروع النخلة الذهبية، أحتاجه الآن.", [["النخلة الذهبية", "مشروع النخلة الذهبية"]]),
    # --- "Forget it exists": "it" is the name of the sentence before ----------------------------------------
    ("The Aeroloom X2 is a prototype I'm designing and it's under embargo. Forget it exists, please.",  # v4
     [["Aeroloom X2"]]),
    ("My old startup was called Brindlewood Labs. Please forget it ever existed.", [["Brindlewood Labs"]]),
    ("Le projet s'appelle Vortane. Oublie qu'il existe, s'il te plaît.", [["Vortane"]]),
]


@pytest.mark.parametrize(("text", "gold"), CASES)
def test_round3_targets(text, gold):
    got = _targets(text)
    assert _ok(got, gold), f"{text!r}: got {got}, want {gold}"


# --- hard negatives and guards: the new rules must not invent targets ------------------------------------------
NONE_TARGETS = [
    "Forget it, never mind. What's a good name for a cat?",
    "Forget it exists, the bug is fixed now. Can you review my Python code?",  # the name comes after: no antecedent
    "Don't forget my address: 27 Wexcombe Road, Swindon SN2 4PL, for the delivery form.",
    "Can you remove the flat 3 bit from the letter? The address is flat 3, 9 Harrow Close, Norwich.",
    "My diagnosis is ADHD. Can you forget about formatting and give me plain text?",
]


@pytest.mark.parametrize("text", NONE_TARGETS)
def test_round3_no_invented_forget(text):
    result = detect_intent(text)
    assert result.intent == "none", result


@pytest.mark.parametrize(("text", "gold"), [
    ("Forget Tom Reyes. Forget I asked about Paris, by the way.", [["Tom Reyes"]]),
    ("Forget my ex Jake Morrow. Forget what I said about Paris.", [["Jake Morrow"]]),
    ("Forget Marta Quispe, and her brother too.", [["Marta Quispe"]]),  # "her brother" names nobody
    ("Forget John Tack, please.", [["John Tack"]]),  # "tack" is Swedish politeness only in lower case
])
def test_round3_later_items_need_a_name(text, gold):
    got = _targets(text)
    assert _ok(got, gold), f"{text!r}: got {got}, want {gold}"


def test_addresses_and_values():
    assert [m.group().strip(" ,.") for m in ADDRESS.finditer("its flat 3, 9 Harrow Close, Norwich")] == [
        "flat 3, 9 Harrow Close, Norwich"]
    assert [m.group() for m in ADDRESS.finditer("адрес: пр. Мира, д. 21, кв. 7, Омск.")] == ["пр. Мира, д. 21, кв. 7, Омск"]
    assert [m.group() for m in ADDRESS.finditer("मेरा पता 42, गांधी नगर, जयपुर अपनी मेमोरी से")] == ["42, गांधी नगर, जयपुर"]
    assert concrete_values("meu salário é R$ 7.800, mas") == ["R$ 7.800"]


def test_lone_adverbial_pieces_are_dropped():
    text = "Vergeet Pieter Jansen alsjeblieft, voorgoed."
    assert clean_targets(["Pieter Jansen alsjeblieft", "voorgoed"], text, "nl") == ["Pieter Jansen"]
    assert clean_targets(["Ines Maurer", "in future chats"], "x", "en") == ["Ines Maurer"]


def test_generic_finder_keeps_the_later_named_item():
    """When the classifier alone fires, the stated value and an item named after it are both found."""
    text = ("purge my IBAN GB29 NWBK 6016 1331 9268 19 and the name of my employer from whatever you've stored. "
            "The employer was Pellworth & Sons.")
    assert generic_targets(text, "en") == ["GB29 NWBK 6016 1331 9268 19", "Pellworth & Sons"]
    text = "wipe my phone number 07700 900512 and my bank's name. The bank is Tollbridge Savings."
    assert generic_targets(text, "en") == ["07700 900512", "Tollbridge Savings"]
    # nothing named after the value: nothing added ("It's really important" names no category)
    assert generic_targets("purge my IBAN GB29 NWBK 6016 1331 9268 19. It's really important.", "en") == [
        "GB29 NWBK 6016 1331 9268 19"]


# "Forget it, <name>." dismisses the turn and addresses someone; the name is not a target.
@pytest.mark.parametrize("text", [
    "Forget it, Marcus. What's the capital of Peru?",
    "Forget about it, Dr. Patel said it's fine.",
    "Forget it, Sarah, I figured it out.",
    "ok forget that, Priya - how do I boil an egg?",
])
def test_forget_it_then_a_name_is_a_dismissal(text):
    assert detect_intent(text).intent == "none"


@pytest.mark.parametrize("text, target", [
    ("Forget Marcus, he is not worth it.", "Marcus"),
    ("Forget it, forget my phone number 555-0142 too", "555-0142"),
    ("Please forget Dana Reyes for now", "Dana Reyes"),  # a rule span that stopped before "now"
    ("Forget the band Tears for Fears", "Tears for Fears"),  # an inner preposition stays
])
def test_forget_a_name_still_registers_it(text, target):
    result = detect_intent(text)
    assert result.intent == "forget" and result.targets == [target]
