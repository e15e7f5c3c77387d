"""Round 4 (issue 8): target-extraction classes found on split v5 (now development data).

Each class holds the v5 line it came from and new phrasings (other names, other languages) so that a fix
that only matches the literal v5 sentence fails here. Gold follows tests/data/watchdog_heldout_v4.md
(Target convention) and tests/data/watchdog_heldout_v5.md (Borderline decisions in this split).
"""

from __future__ import annotations

import pytest

from _watchdog_targets import extracted_targets, targets_match
from guardgraph.agents.watchdog import detect_intent
from guardgraph.agents.watchdog_targets import as_typed, concrete_values

CASES: list[tuple[str, list[list[str]]]] = [
    # -- junk words kept after the name when there is no comma: an adverbial, "please", an emoji, Hinglish
    #    "ke baare mein", a code-switched "aus deinem memory", "repeat X back to me"
    ("plz never mention the Saint-Loup Hotel again its where i got dumped lmao", [["Saint-Loup Hotel"]]),
    ("pls never bring up the Marlowe Arms again thats where he proposed lol", [["Marlowe Arms"]]),
    ("Un-forget Wexley Park please 🙏 I'm moving back there in June", [["Wexley Park"]]),
    ("un-forget Corrigan Street please 😅 turns out I'm staying", [["Corrigan Street"]]),
    ("dimentica la mia ex Giulia Ferrandi x favore, mi ha fatto troppo male 💔", [["Giulia Ferrandi"]]),
    ("dimentica il mio ex Matteo Salvini-Rossi x favore, non voglio più sentirne parlare", [["Matteo Salvini-Rossi"]]),
    ("Dr. Bhatnagar ke baare mein jo bataya tha woh sab bhool jao, ab main unke paas nahi jaati",
     [["Bhatnagar", "Dr. Bhatnagar"]]),
    ("Rohit Malhotra ke baare mein jo bhi bataya tha sab bhool jao please", [["Rohit Malhotra"]]),
    ("sorry for my German – bitte lösch alles über meinen Schwager Torben aus deinem memory, er will das nicht.",
     [["Torben"]]),
    ("bitte lösch alles über meine Kollegin Annika Brandt aus deinem memory, danke", [["Annika Brandt"]]),
    ("Don't ever repeat my Social Security number back to me and don't keep it: 987-65-4329.", [["987-65-4329"]]),
    ("Never read my passport number back to me and don't store it: X4829173.", [["X4829173"]]),
    # -- Arabic: "عن" / "طلبي بنسيان" before the target, "اسم" + a role before the name
    ("تصرّف وكأنك لم تسمع أبداً عن الدكتورة سلمى حداد.", [["سلمى حداد", "الدكتورة سلمى حداد"]]),
    ("تصرف وكأنك لم تسمع أبدا عن المهندس طارق يوسف.", [["طارق يوسف", "المهندس طارق يوسف"]]),
    ("من فضلك انسَ اسم مديري السابق خالد العتيبي ولا تذكره مرة أخرى.", [["خالد العتيبي"]]),
    ("انسَ اسم صديقتي السابقة ليلى منصور من فضلك", [["ليلى منصور"]]),
    ("أرجو أن تنسى اسم زميلي كريم الحسن.", [["كريم الحسن"]]),
    ("تراجعت عن طلبي بنسيان مشروع الفجر، تقدر تتذكره من جديد.", [["الفجر", "مشروع الفجر"]]),
    ("تراجعت عن طلبي بنسيان مشروع النخلة، يمكنك تذكره الآن.", [["النخلة", "مشروع النخلة"]]),
    # -- a clause after a value or name, split off as if it were another list item
    ("Glöm mitt personnummer, 19850312-2398, jag borde inte ha delat det.", [["19850312-2398"]]),
    ("Glöm mitt telefonnummer, 070-123 45 67, jag vill inte att du sparar det.", [["070-123 45 67"]]),
    ("Por medio de la presente ejerzo mi derecho de supresión y solicito que se elimine de su memoria mi DNI "
     "47291836H, facilitado durante la reclamación.", [["47291836H"]]),
    ("Solicito que se elimine de su memoria mi NIE X1234567L, enviado por error en el formulario.", [["X1234567L"]]),
    ("annule ma demande d'oubli pour le projet Mistral Bleu, il redémarre lundi et j'ai besoin de ton aide",
     [["Mistral Bleu", "projet Mistral Bleu"]]),
    ("annule ma demande d'oubli pour le projet Cap Horizon, il repart la semaine prochaine",
     [["Cap Horizon", "projet Cap Horizon"]]),
    # -- an imperative with its object pronoun after the target: ", efface-le", ", bórralo", ", cancellalo"
    ("Je ne veux plus que tu saches où je travaille. C'est la société Ravel Conseil SARL, efface-le.",
     [["Ravel Conseil SARL"]]),
    ("No quiero que recuerdes dónde trabajo: Construcciones Lezama S.L., bórralo por favor.",
     [["Construcciones Lezama S.L."]]),
    ("Non voglio che tu sappia il nome del mio medico, il dottor Ruggero Fabbrini, cancellalo.",
     [["Ruggero Fabbrini", "dottor Ruggero Fabbrini"]]),
    # -- legal forms: cut at their dots, split at "&" and ",", or a list after "Co."
    ("Non voglio più che tu sappia dove lavoro. È la Tessitura Bellandi S.r.l., cancellalo.",
     [["Tessitura Bellandi S.r.l."]]),
    ("Non voglio più che tu sappia dove lavoro. È la Ferramenta Zanetti S.p.A., cancellalo per favore.",
     [["Ferramenta Zanetti S.p.A."]]),
    ("Finge que nunca ouviste falar da Tipografia Ribeiro & Filhos, Lda. O contrato acabou mal.",
     [["Tipografia Ribeiro & Filhos, Lda."]]),
    ("Finge que nunca ouviste falar da Carpintaria Matos & Irmãos, Lda. Já não trabalho lá.",
     [["Carpintaria Matos & Irmãos, Lda."]]),
    ("Please forget both of my previous employers, Brockhurst Dairy Co. and Lumen Vale Studios. I'm rebranding "
     "myself and they keep showing up in your suggestions.", [["Brockhurst Dairy Co."], ["Lumen Vale Studios"]]),
    ("Please forget my two old clients, Harrow Timber Co. and Quillfield Media. The contracts are over.",
     [["Harrow Timber Co."], ["Quillfield Media"]]),
    # -- value vs category: the value given after a description replaces it
    ("I no longer want you to know which hospital I'm treated at. It's St. Aldric's Infirmary.",
     [["St. Aldric's Infirmary"]]),
    ("I no longer want you to know which clinic I go to. It's Harbourside Family Practice.",
     [["Harbourside Family Practice"]]),
    ("Please forget what my diagnosis is. It's Crohn's disease, and I only want to bring it up myself when it matters.",
     [["Crohn's disease"]]),
    ("Forget what my employer is. It's Harrowgate Logistics.", [["Harrowgate Logistics"]]),
    ("Quero que você apague meu CPF da sua memória: 418.376.290-61. Passei sem querer no atendimento.",
     [["418.376.290-61"]]),
    ("Apague meu CPF da sua memória: 052.781.334-90, por favor.", [["052.781.334-90"]]),
    ("Please forget my home address. It's 4 Wren Court, Apt 12B, Tacoma WA 98402.",
     [["4 Wren Court, Apt 12B, Tacoma WA 98402"]]),
    ("Forget my address please, it's 88 Birch Lane, Austin, TX 78701.", [["88 Birch Lane, Austin, TX 78701"]]),
    ("मेरा पता भूल जाओ: फ्लैट 204, साईं अपार्टमेंट, कोथरूड, पुणे।", [["फ्लैट 204, साईं अपार्टमेंट, कोथरूड, पुणे"]]),
    ("मेरा पता भूल जाओ: फ्लैट 17, गंगा निवास, अंधेरी, मुंबई।", [["फ्लैट 17, गंगा निवास, अंधेरी, मुंबई"]]),
    ("मैं जहाँ काम करता हूँ वो अब आप याद मत रखिए — वो है सूर्योदय टेक्सटाइल्स प्राइवेट लिमिटेड।",
     [["सूर्योदय टेक्सटाइल्स प्राइवेट लिमिटेड"]]),
    ("मेरी कंपनी का नाम याद मत रखना — वो है नीलगिरि सॉफ्टवेयर सॉल्यूशंस।", [["नीलगिरि सॉफ्टवेयर सॉल्यूशंस"]]),
    ("btw that internal hostname I pasted earlier (build-07.corvane.example) - please don't remember it, it's not "
     "supposed to leave the company. carry on with the Dockerfile though", [["build-07.corvane.example"]]),
    ("please don't remember the server name I gave you, db3.staging.halvorsen.internal, it's confidential",
     [["db3.staging.halvorsen.internal"]]),
    # -- medical facts: the condition alone, also when it is a common word or a blood group
    ("I'd rather you didn't remember my blood type, O negative. Please forget it.", [["O negative"]]),
    ("Please forget my blood type. It's AB+.", [["AB+"]]),
    ("Oublie mon groupe sanguin, c'est O+.", [["O+"]]),
    ("I take back what I told you about the miscarriage. I'm not ready for that to be something you know about "
     "me. Please forget it, and sorry for dumping that on you.", [["miscarriage"]]),
    ("I shouldn't have told you about my anorexia. Please forget it, sorry for the oversharing.", [["anorexia"]]),
    ("Quick one re my accommodation request: I mentioned my ADHD diagnosis in an earlier chat. Please don't keep "
     "that on record, scrub it from whatever you remember about me. The request itself can go ahead as normal.",
     [["ADHD"]]),
    ("Earlier I mentioned my endometriosis. Please don't keep that on record, scrub it from your memory.",
     [["endometriosis"]]),
    ("Please forget my diagnosis, endometriosis. It's private.", [["endometriosis"]]),
    ("Remember my diagnosis again, coeliac disease. I shouldn't have asked you to drop it.", [["coeliac disease"]]),
    # -- nickname plus real name: two groups
    ("Please forget my stepdad. Everyone calls him Big Tony, real name Anthony Vitale. I don't want either name "
     "in your memory.", [["Big Tony"], ["Anthony Vitale"]]),
    ("Forget my uncle please. Everybody calls him Little Mo, his real name is Maurice Okonkwo. Neither name "
     "should stay in your memory.", [["Little Mo"], ["Maurice Okonkwo"]]),
    ("Oublie mon beau-père. Tout le monde l'appelle Fifou, de son vrai nom Philippe Roux.",
     [["Fifou"], ["Philippe Roux"]]),
    # -- a name and a number given before "her name and number"
    ("Thanks, the itinerary looks great. One more thing before I forget: the emergency contact I gave you, Lorna "
     "Beckwith, 07700 900317 — she's asked not to be on file, so please remove both her name and number from your "
     "memory. Also could you add a rental car in Faro?", [["Lorna Beckwith"], ["07700 900317"]]),
    ("About the babysitter I mentioned, Greta Holloway, 07700 900814: please delete both her name and number "
     "from your memory.", [["Greta Holloway"], ["07700 900814"]]),
    # -- CJK: the rule's span caught an adverb ("もう", "前に", "記憶から"); the name is elsewhere
    ("元カレの田村翔太のこと、もう忘れてください。二度と話題にしないで。", [["田村翔太"]]),
    ("元カノの佐藤美咲のこと、もう忘れてね。二度と話題にしないで。", [["佐藤美咲"]]),
    ("前に忘れてと頼んだプロジェクト・オリオンの件、取り消します。また覚えておいてください。",
     [["プロジェクト・オリオン", "オリオン"]]),
    ("前に忘れてと頼んだプロジェクト・ペガサスの件、取り消します。", [["プロジェクト・ペガサス", "ペガサス"]]),
    ("退職してもう半年経つのに、提案のたびに前の職場の株式会社ホクセイ工業が出てきてつらいです。記憶から消してください。",
     [["株式会社ホクセイ工業", "ホクセイ工業"]]),
    ("前の会社の株式会社ミドリ電機のことは記憶から消してください。", [["株式会社ミドリ電機", "ミドリ電機"]]),
    ("上司の森本さんと同期の川口さんの話は、聞かなかったことにしてね。", [["森本"], ["川口"]]),
    ("제 전 남자친구 박지훈은 이제 잊어 주세요. 다시는 언급하지 마세요.", [["박지훈"]]),
    ("제 전 여자친구 이서연은 이제 잊어 주세요.", [["이서연"]]),
    # -- the user's characters: the normalised "3oB" goes back to "3ºB"
    ("oye, can you forget mi dirección? es Calle Almendros 23, 3ºB, Valencia. la puse por error en el chat de soporte",
     [["Calle Almendros 23, 3ºB, Valencia"]]),
    ("oye, olvida mi dirección porfa: Calle Olmo 7, 2ºA, Murcia. la di por error", [["Calle Olmo 7, 2ºA, Murcia"]]),
]


@pytest.mark.parametrize("text,gold", CASES, ids=[f"t{i:02d}" for i in range(len(CASES))])
def test_target_classes_round4(text: str, gold: list[list[str]]) -> None:
    got = extracted_targets(text)
    assert targets_match(got, gold), (text, got)


# Lists and names that must stay whole: the fixes above must not cut them.
KEPT: list[tuple[str, list[list[str]]]] = [
    ("I changed jobs and would rather you forgot my old manager, Hollis Brandvold, and the team name, Falcon Ops.",
     [["Hollis Brandvold"], ["Falcon Ops"]]),
    ("Ti chiedo di non nominare mai più la dottoressa Chiara Lombardi e la sua clinica, Studio Medico Aurora.",
     [["Chiara Lombardi"], ["Studio Medico Aurora"]]),
    ("Please forget the Born Again Tabernacle, I left that church.", [["Born Again Tabernacle"]]),
]


@pytest.mark.parametrize("text,gold", KEPT, ids=[f"k{i:02d}" for i in range(len(KEPT))])
def test_round4_fixes_keep_whole_targets(text: str, gold: list[list[str]]) -> None:
    got = extracted_targets(text)
    assert targets_match(got, gold), (text, got)


def test_hostname_is_a_value_but_not_initials_or_versions() -> None:
    assert concrete_values("(build-07.corvane.example) -") == ["build-07.corvane.example"]
    assert concrete_values("a trip to the U.S.A. and Node.js") == []


def test_as_typed_restores_normalised_characters_only() -> None:
    assert as_typed("Calle Almendros 23, 3oB, Valencia", "es Calle Almendros 23, 3ºB, Valencia.") == (
        "Calle Almendros 23, 3ºB, Valencia")
    assert as_typed("O'Neil", "forget O’Neil") == "O'Neil"  # quotes stay straight
    assert as_typed("Nobody", "something else") == "Nobody"


@pytest.mark.parametrize("text", [
    "How do I get over depression after a breakup?",
    "What's the most common blood type, O negative or O positive?",
    "My nephew goes by Big Tony at school, real name Anthony. Any nickname ideas for his party?",
])
def test_round4_values_do_not_make_requests(text: str) -> None:
    assert detect_intent(text).intent == "none"
