"""Issue #8 round 6: intent errors of split v7 (now development data), fixed by widening round 5's mechanisms.

Each class is checked on its v7 row (marked ``# v7``) plus new phrasings, names and languages:

* a text scoped by a locative ("don't mention the price in the email to the Hadleys"), an assistant artefact with more
  nouns ("the listing description you wrote for ..."), the Hindi relative order ("जो ईमेल तुमने लिखा"): an edit;
* a third party ordering the user with the object left implicit ("Мой начальник велел удалить…", "上司に…消せと言われ
  ました", "これって消していいんでしょうか"): not addressed to the assistant;
* the user's own app records picked by position or as duplicates ("delete my last workout entry, double logged");
* how the assistant talks ("Para de falar tão formal comigo") and tracked numbers it quotes ("my step count"): style;
* a correction of what the user just said, in any language ("forget what I just said…, I misread it");
* a change of plan asking for a comparative alternative ("forget the Marriott, something cheaper?");
* recall: the conversation rewritten ("act like X was never part of our chats", "that name should mean nothing to
  you now: X", "اعتبر أنني لم أذكر X"), "I take back what I told you about X", Hinglish "X yaad mat rakhna", a
  question word opening a declarative first sentence ("Quando ho aperto il sinistro…");
* revokes: the forgetting called off ("nvm about forgetting X", "X wala forget cancel karo", "忘れるのやっぱりなしで",
  "前に忘れてって頼んだのはもういい"), an earlier request followed by "undo that" / "다시 기억해도 돼" / "رجّع".

Requests that look like these classes stay requests (the guards in ``REQUEST_CASES``).
"""

from __future__ import annotations

import pytest

from guardgraph.agents.watchdog import detect_intent

NONE_CASES = [
    # --- an edit of a text: a locative scope or the assistant's artefact
    "Don't mention the price in the email to the Hadleys, just say 'competitive'.",  # v7
    "In the listing description you wrote for 14 Sorrel Way, don't mention the neighbour's barking dog. "
    "Buyers will run a mile. Also make the kitchen sound bigger.",  # v7
    "जो ईमेल तुमने लिखा उसमें से अमित का नाम हटा दो।",  # v7
    "Never mention the discount in the newsletter to the Brennan account, keep it vague.",
    "In the bio you drafted for Priya Anand, don't mention her divorce.",
    "No menciones el precio en el correo para los Ortega, di solo que es competitivo.",
    "Ne mentionne pas le loyer dans la lettre pour les Dubois.",
    "जो पोस्ट तुमने लिखी उसमें से राहुल का ज़िक्र हटा दो।",
    "tumne jo email likha usme se Amit ka naam hata do",
    # --- a third party orders the user; the user asks whether they may
    "Мой начальник велел удалить все данные клиента Петрова из CRM. Клиент об этом не просил. Это вообще законно?",  # v7
    "上司に顧客リストから森田さんのデータを全部消せと言われました。でも契約はまだ残っています。"
    "これって消していいんでしょうか？",  # v7
    "Моя начальница сказала стереть переписку с Ивановым из почты. Так можно?",
    "部長に田中さんの記録を削除しろって言われたけど、消してもいいですか？",
    "My boss said to delete everything on the Kowalczyk account from Salesforce. Is that even legal?",
    "Mi jefe dijo que borrara los datos del cliente Ramírez del CRM. ¿Es legal?",
    "Il mio capo ha detto di cancellare i dati della signora Conti dal gestionale. È legale?",
    # --- the user's own app records
    "delete my last workout entry, double logged",  # v7
    "remove yesterday's duplicate expense entry please",
    "lösch meinen letzten Eintrag, war doppelt",
    "удали последнюю запись тренировки, я её дважды внёс",
    "borra mi último registro de comida, lo puse dos veces",
    # --- style: how the assistant talks, a number it keeps quoting
    "Para de falar tão formal comigo, pfv.",  # v7
    "stop mentioning my step count pls",  # v7
    "arrête de parler si formellement",
    "pare de escrever tão formalmente",
    "stop bringing up my sleep score every time",
    "never mention my streak again lol",
    # --- a correction of what the user just said
    "forget what I just said about the down payment, I misread it — it's 10% not 20%.",  # v7
    "forget what I said about the flight time, I mixed them up, it's 7:40.",
    "oublie ce que je viens de dire sur le loyer, je me suis trompé, c'est 900 pas 800.",
    "olvida lo que dije del presupuesto, me equivoqué: son 3000.",
    # --- a change of plan: a comparative alternative
    "forget the Marriott, something cheaper?",  # v7
    "forget the Hilton, anything closer to the venue?",
    "forget Lisbon, somewhere warmer maybe?",
    "oublie le Ritz, quelque chose de moins cher ?",
    "olvida el Meliá, algo más barato?",
    "vergiss das Adlon, was Günstigeres?",
    "забудь про Хилтон, что-нибудь подешевле?",
    # --- look-alikes of the new recall constructions
    "bhai kal ki meeting yaad rakhna",
    "Imagine a world where money was never part of our lives.",
    "nvm, what's the weather tomorrow?",
    "undo that last edit please, the paragraph was better before",
    "How do I make my phone forget a wifi network? It keeps connecting.",
]


@pytest.mark.parametrize("text", NONE_CASES, ids=[t[:50] for t in NONE_CASES])
def test_not_a_request(text: str) -> None:
    result = detect_intent(text)
    assert result.intent == "none", (result.intent, result.targets, result.rule)


#: (intent, a target that must be among the result's targets or None, text)
REQUEST_CASES = [
    # --- guards: requests next to the new none classes
    ("forget", "Dana Reyes", "Forget Dana Reyes. Also don't mention her in the email you wrote."),
    ("forget", "Marcus Whitfield", "Never mention Marcus Whitfield in your replies again."),
    ("forget", "Glenn O'Halloran", "Stop bringing up Glenn O'Halloran in our chats."),
    ("forget", "Pim Aldana", "My boss wants the pipeline cleaned up. Please forget Pim Aldana and Jorie Castell."),
    ("forget", "Петрова", "Забудь Петрова, пожалуйста. Начальник велел."),
    ("forget", None, "forget what I said about my sister's miscarriage, I regret telling you."),
    ("forget", "Dana Reyes", "Forget what I told you about Dana Reyes. I was wrong to share it."),
    ("forget", "Dana Reyes", "Forget Dana Reyes, she's another user of this app I mentioned."),
    ("forget", "Marcus Whitfield", "Forget Marcus Whitfield and anything else about him."),
    ("forget", "Mariana Couto", "para de falar tanto da Mariana Couto"),
    ("forget", "Dana Reyes", "stop talking so much about Dana Reyes, I want her out of your head"),
    ("forget", "Julien Morel", "arrête de parler de Julien Morel"),
    ("forget", None, "stop mentioning my diagnosis"),
    # --- the conversation rewritten
    ("forget", "The Orchid Ledger", "Act like 'The Orchid Ledger' was never part of our chats. I've abandoned that "
                                    "manuscript. It's not coming back."),  # v7
    ("forget", "Harbourline Capital", "act like Harbourline Capital was never part of our conversations, the deal is dead"),
    ("forget", "Brecken Olufsen", "that name should mean nothing to you now: Brecken Olufsen"),  # v7
    ("forget", "Quillmark Logistics", "this company should mean nothing to you anymore - Quillmark Logistics"),
    ("forget", None, "اعتبر أنني لم أذكر شركة الأفق للاستشارات أبداً."),  # v7
    ("forget", "مطعم النخيل", "اعتبر أني لم أذكر مطعم النخيل أبدا."),
    # --- the user takes back what they told
    ("forget", "Fenwick Lodge", "I take back what I told you about Fenwick Lodge."),  # v7
    ("forget", "Corinne Vasquez", "I take back everything I told you about Corinne Vasquez, she asked me not to share."),
    ("forget", "Bastien Leroy", "Je retire ce que je t'ai dit sur Bastien Leroy."),
    ("forget", "Ximena Paredes", "Retiro lo que te dije sobre Ximena Paredes."),
    ("revoke", "Dana Reyes", "I take back what I said about forgetting Dana Reyes, remember her."),
    # --- Hinglish "don't keep X in memory"
    ("forget", "BQZPS4817L", "mera PAN BQZPS4817L yaad mat rakhna"),  # v7
    ("forget", "4821 7733 9012", "mera Aadhaar 4821 7733 9012 yaad mat rakhna please"),
    ("forget", "98200 11223", "Priya ka number 98200 11223 yaad mat rakho"),
    # --- a question word opening a declarative first sentence
    ("forget", "Serafina Lodi", "Quando ho aperto il sinistro vi ho dato il nome di mia cognata, Serafina Lodi, come "
                                "testimone. Lei però non vuole essere coinvolta. Per favore dimentica il suo nome e il suo "
                                "indirizzo, via Po 17, Torino."),  # v7
    ("forget", "14 Harrow Lane", "When I signed up I gave you my work address, 14 Harrow Lane. I've left that job. "
                                 "Please forget it."),
    ("forget", "Iñaki Zubiri", "Cuando empecé te hablé de mi exnovio Iñaki Zubiri. Ya no quiero que lo recuerdes. "
                               "Olvida a Iñaki Zubiri, por favor."),
    # --- revokes: the forgetting called off, an earlier request lifted
    ("revoke", "Dex", "nvm about forgetting Dex, keep him"),  # v7
    ("revoke", "Priya Nair", "never mind about forgetting Priya Nair, she's back in my life"),
    ("revoke", "Rohini", "Rohini wala forget cancel karo"),  # v7
    ("revoke", "Kabir", "Kabir wala forget request cancel kar do"),
    ("revoke", "プロジェクト・ハヤブサ", "プロジェクト・ハヤブサ、忘れるのやっぱりなしで！"),  # v7
    ("revoke", "佐藤", "佐藤さんのこと、忘れるのはやっぱりなしで。"),
    ("revoke", "小野", "小野先生のこと、また覚えていいよ。仲直りしたから。前に忘れてって頼んだのはもういいの。"),  # v7
    ("revoke", None, "전에 잊어달라고 했던 한결 프로젝트, 다시 기억해도 돼."),  # v7
    ("revoke", None, "지난번에 지워달라고 했던 민지 이야기, 다시 기억해도 돼요."),
    ("revoke", "Harriet Oyelaran", "Last week I told you to forget Harriet Oyelaran because we'd had a falling out. "
                                   "We've talked it through and she's going to be my daughter's godmother. Please undo "
                                   "that so you can help me plan the christening with her name in it."),  # v7
    ("revoke", "Tobias Wren", "A while ago I asked you to delete Tobias Wren from memory. Can you undo that? He's my "
                              "business partner again."),
    ("revoke", "مشروع الصقر", "خلاص، رجّع مشروع الصقر، I changed my mind about forgetting it."),  # v7
    ("revoke", None, "otmeni moyu pros'bu zabyt' adres, teper' mozhno: ul. Sadovaya 9, kv. 4, Tver"),  # v7
    # --- unpunctuated chat: "so yeah" opens a clause; a lower-case target the message also writes as a name
    ("forget", "arlo", "ok so um can you like wipe the slate clean regarding my cousin Arlo he's been going through a lot "
                       "and i overshared last night so yeah just forget arlo thanks"),  # v7
    ("forget", "kenji", "i told u way too much about my roommate Kenji last week so yeah forget kenji pls"),
    # --- "blank out X" is a forget verb (an image or a transcript is an edit, in NONE_CASES_2)
    ("forget", "night ferry to tallinn", "blank out night ferry to tallinn, the film i told u i was scripting. its "
                                         "cancelled dont want it in memory"),  # v7
    ("forget", "Project Nightjar", "blank out Project Nightjar, it got cancelled"),  # v6
    ("forget", "Halvorsen Freight", "blank out Halvorsen Freight, we lost the contract"),
    # --- an English erase verb inside French with "de ta mémoire"
    ("forget", "Crépuscule", "genre tu peux juste delete le projet Crépuscule de ta mémoire? c'est mort, le client "
                             "nous a ghostés"),  # v7
    ("forget", "Maxime Roussel", "tu peux wipe Maxime Roussel de ta mémoire stp"),
    # --- a formal consent withdrawal with the verb before its subject ("hiermit widerrufe ich")
    ("forget", "K482915730", "Sehr geehrte Damen und Herren, hiermit widerrufe ich meine Einwilligung zur Speicherung "
                             "meiner Krankenversichertennummer K482915730. Ich bitte um unverzügliche Löschung aus Ihrem "
                             "Gedächtnis. Mit freundlichen Grüßen, Ulrike Hammerschmidt"),  # v7
    ("forget", "C-20931", "Sehr geehrte Damen und Herren, hiermit ziehe ich meine Einwilligung zur Speicherung meiner "
                          "Kundennummer C-20931 zurück."),
    # --- Hindi "X वाली बात मिटा दो" (erase the matter of X)
    ("forget", None, "मेरी थायरॉइड की बीमारी वाली बात मिटा दो, मैं नहीं चाहती कि ये सेव रहे।"),  # v7
    ("forget", "डिप्रेशन", "मेरे डिप्रेशन वाली बात मिटा दो।"),
    # --- a counted back-reference ("forget both names"): the names the message gave before it
    ("forget", "Willem Baarsma", "We call him Dutchie but his real name is Willem Baarsma. He's asked me to stop putting "
                                 "his info into apps. Forget both names please."),  # v7
    ("forget", "Rory Fitch", "My neighbours are Tamsin Hale and Rory Fitch. They moved away, so please forget both of them."),
    ("forget", "Hugo Petit", "Je t'ai parlé de Chloé Martin et de Hugo Petit. Oublie les deux noms, s'il te plaît."),
    ("forget", "Andrés Gil", "Te hablé de Lucía Ferrer y Andrés Gil. Olvida ambos nombres, por favor."),
]

NONE_CASES_2 = [
    "blank out the account number in this screenshot before I post it",
    "blank out the faces in the photo please",
    "I was so just tired yesterday, forget it",
    "so yeah that's the plan, what do you think?",
    "forget about formatting for now, just give me the list",
    "I have two cats and a dog. Forget both, tell me about hamsters.",
    "Which is better, Python or Rust? forget both, what about Go?",
]


@pytest.mark.parametrize("text", NONE_CASES_2, ids=[t[:50] for t in NONE_CASES_2])
def test_not_a_request_either(text: str) -> None:
    result = detect_intent(text)
    assert result.intent == "none", (result.intent, result.targets, result.rule)


@pytest.mark.parametrize(("intent", "target", "text"), REQUEST_CASES, ids=[c[2][:50] for c in REQUEST_CASES])
def test_request(intent: str, target: str | None, text: str) -> None:
    result = detect_intent(text)
    assert result.intent == intent, (result.intent, result.targets, result.rule)
    if target is not None:
        assert target in result.targets, (result.targets, target, result.rule)
