"""Round 6 (issue 8): target-extraction classes found on split v7 (now development data).

Each class holds the v7 line it came from and new phrasings (other names, other languages) so that a fix
that only matches the literal v7 sentence fails here. Gold follows tests/data/watchdog_heldout_v4.md
(Target convention) and the 'Borderline decisions' of tests/data/watchdog_heldout_v5.md .. _v7.md.
"""

from __future__ import annotations

import pytest

from _watchdog_targets import extracted_targets, targets_match
from guardgraph.agents.target_lexicon import is_condition
from guardgraph.agents.watchdog import detect_intent
from guardgraph.agents.watchdog_targets import concrete_values, strip_category_words

CASES: list[tuple[str, list[list[str]]]] = [
    # -- a that-clause about the user kept as the target: its object is the datum (en "take/on", Romance, German)
    ("pls forget that I take lithium 600mg", [["lithium 600mg", "lithium"]]),
    ("forget that I'm on sertraline 50mg please", [["sertraline 50mg", "sertraline"]]),
    ("please forget that I use Ozempic", [["Ozempic"]]),
    ("Por favor, esquece que eu tenho fibromialgia. Eu contei num dia ruim. Não quero isso guardado em lugar nenhum.",
     [["fibromialgia"]]),
    ("por favor esquece que eu tenho tendinite, não quero isso guardado", [["tendinite"]]),
    ("olvida que tengo fibromialgia, no quiero que lo guardes", [["fibromialgia"]]),
    ("oublie que j'ai une tendinite, je ne veux pas que tu le gardes", [["tendinite"]]),
    ("vergiss bitte, dass ich Diabetes habe", [["Diabetes"]]),
    # -- a summary noun / pronoun standing for the one value of the message
    ("我之前跟你说过我有抑郁症。现在已经好多了。能不能把这件事忘掉？我不想被记录。", [["抑郁症"]]),
    ("我上次说过我得了糖尿病。请把这件事忘掉。", [["糖尿病"]]),
    ("我以前告诉过你我患有强迫症，能不能把这件事忘掉，谢谢", [["强迫症"]]),
    ("I'd rather you didn't know who my employer is. For the record it's Grisewood Analytics, but forget that.",
     [["Grisewood Analytics"]]),
    ("I'd rather you didn't know which gym I go to. btw it's Ironvale Fitness, just forget that.", [["Ironvale Fitness"]]),
    ("Please forget what my employer is. Honestly, it's Tallowmere Foods, forget it.", [["Tallowmere Foods"]]),
    ("I SAID FORGET HER. KIMBERLEY ASHWIN. STOP SUGGESTING HER AS A REFERENCE, SHE IS NOT MY FRIEND ANYMORE.",
     [["KIMBERLEY ASHWIN"]]),
    ("FORGET HIM. DEREK HOLLOWAY. I MEAN IT.", [["DEREK HOLLOWAY"]]),
    ("forget him. Marco Bellandi. he's not my friend anymore", [["Marco Bellandi"]]),
    # -- "her name" (a third person's name) is the one person the message names; her number is the second target
    ("In my claim I listed my neighbour Tomasina Vell as a witness, but she's asked me to keep her out of it. Please "
     "forget her details — her name and her number, 555-0187. The claim can go ahead without her.",
     [["Tomasina Vell"], ["555-0187"]]),
    ("My old flatmate Duncan Ferreira asked me not to share his info. Please forget his name and his phone number, "
     "07700 900456.", [["Duncan Ferreira"], ["07700 900456"]]),
    ("I mentioned my colleague Priya Raman earlier. Please forget her name and her email, priya.r@example.com.",
     [["Priya Raman"], ["priya.r@example.com"]]),
    ("Ho dato il nome del mio vicino, Carlo Bassi, come testimone. Per favore dimentica il suo nome e il suo "
     "indirizzo, via Roma 8, Milano.", [["Carlo Bassi"], ["via Roma 8, Milano"]]),
    # -- the value named after the request's pronoun, at the end of its sentence
    ("Please stop bringing up my knee surgery before every session. Actually, delete it from what you know about me "
     "altogether, the ACL reconstruction. I'm sick of thinking about it every time I open the app.",
     [["ACL reconstruction"]]),
    ("Please stop bringing up my surgery. Delete it from your memory, the gallbladder removal. Thanks.",
     [["gallbladder removal"]]),
    # -- a company whose legal form ends in a dot, then "and their <role> <Name>": the list goes on
    ("Heads up — Marrowfield Dynamics Inc. churned last week and legal says we shouldn't keep their info floating "
     "around in your notes. Please purge Marrowfield Dynamics Inc. and their champion Sloane Petrakis from whatever "
     "you remember. Thanks!", [["Marrowfield Dynamics Inc."], ["Sloane Petrakis"]]),
    ("Please forget Tarrow Mills Ltd. and their finance lead Oona Brisk, the deal is dead.",
     [["Tarrow Mills Ltd."], ["Oona Brisk"]]),
    ("Please delete Quillon Corp. and its CEO Harriet Vance from your memory.", [["Quillon Corp."], ["Harriet Vance"]]),
    ("डॉ. सुनीता राठौर अब मेरी डॉक्टर नहीं हैं। उनसे मेरा अनुभव बहुत खराब रहा। उनका नाम अपनी याद से हटा दो।",
     [["सुनीता राठौर", "डॉ. सुनीता राठौर"]]),
    ("राजेश मल्होत्रा अब मेरे बॉस नहीं हैं। उनका नाम अपनी याद से हटा दो।", [["राजेश मल्होत्रा"]]),
    ("प्रिया शर्मा ने मुझे बहुत परेशान किया। उसका नाम भूल जाओ।", [["प्रिया शर्मा"]]),
    # -- a category word kept with the value, in any language
    ("انسَ اسم خالد المنصوري من فضلك.", [["خالد المنصوري"]]),
    ("انسى اسم سارة الحربي لو سمحت", [["سارة الحربي"]]),
    ("أرجو أن تحذف تشخيصي بمرض الصرع من ذاكرتك. أخبرتك به عندما كنت أسأل عن الأدوية. لا أريد أن يبقى محفوظاً.",
     [["الصرع"]]),
    ("احذف تشخيصي بمرض السكري من ذاكرتك من فضلك", [["السكري"]]),
    ("תשכח בבקשה את השם יובל שטרן.", [["יובל שטרן"]]),
    ("תשכח את השם מיכל לוי בבקשה", [["מיכל לוי"]]),
    ("During intake I mentioned my HIV diagnosis. The care team has it in my chart and that's fine. But I'd really "
     "like you, the assistant, not to keep it — please forget the HIV diagnosis and nothing else.", [["HIV"]]),
    ("please forget my PTSD diagnosis", [["PTSD"]]),
    ("Please forget my rheumatoid arthritis diagnosis.", [["rheumatoid arthritis"]]),
    # -- addresses kept whole: Canadian postcodes, Hindi house numbers, Arabic building/flat, lower-case "calle",
    #    a Chinese "that address" followed by the address, an address followed by a dash remark
    ("forget my old address pls: Unit 5, 118 Caddell Street, Halifax NS B3J 1Z4",
     [["Unit 5, 118 Caddell Street, Halifax NS B3J 1Z4"]]),
    ("please forget my address: 22 Birch Road, Toronto ON M5V 2T6", [["22 Birch Road, Toronto ON M5V 2T6"]]),
    ("forget my old address: 9 Elm Street, Ottawa ON K1A 0B1 thanks", [["9 Elm Street, Ottawa ON K1A 0B1"]]),
    ("कृपया मेरा पुराना पता भूल जाइए: मकान 17, शांति विहार, लखनऊ", [["मकान 17, शांति विहार, लखनऊ"]]),
    ("कृपया मेरा पता भूल जाइए: मकान 42, सिविल लाइंस, कानपुर", [["मकान 42, सिविल लाइंस, कानपुर"]]),
    ("मेरा पुराना पता भूल जाओ: घर नं. 5, गोमती नगर, लखनऊ", [["घर नं. 5, गोमती नगर, लखनऊ"]]),
    ("please امسح عنواني القديم من ذاكرتك. كان: شارع الياسمين، مبنى 12، شقة 5، جدة. انتقلت ولا أريده محفوظاً.",
     [["شارع الياسمين، مبنى 12، شقة 5، جدة"]]),
    ("احذف عنواني من ذاكرتك: شارع النخيل، عمارة 7، شقة 3، الرياض", [["شارع النخيل، عمارة 7، شقة 3، الرياض"]]),
    ("امسح عنواني القديم من ذاكرتك. كان شارع الورود، مبنى 4، شقة 9، الدمام.", [["شارع الورود، مبنى 4، شقة 9، الدمام"]]),
    ("Ya no me interesa el piso de calle Olmedo 14, 2ºA, Zaragoza. Además resulta que era la dirección de mi ex, "
     "qué vergüenza. Bórralo de lo que recuerdes, porfa.", [["calle Olmedo 14, 2ºA, Zaragoza"]]),
    ("olvida mi dirección vieja, calle Alcalá 120, 3ºB, Madrid. ya no vivo ahí", [["calle Alcalá 120, 3ºB, Madrid"]]),
    ("oublie mon ancienne adresse, rue Lepic 12, Paris", [["rue Lepic 12, Paris"]]),
    ("上周我让你帮我整理租房资料，里面有我前男友刘浩然的名字和他的地址。我们已经分手了。请把刘浩然和那个地址都忘掉："
     "上海市徐汇区梧桐里路88号12楼。谢谢。", [["刘浩然"], ["上海市徐汇区梧桐里路88号12楼"]]),
    ("请把王磊和他的电话都忘掉：13812345678。", [["王磊"], ["13812345678"]]),
    ("请把那个地址忘掉：北京市朝阳区建国路88号3楼，我已经搬走了。", [["北京市朝阳区建国路88号3楼"]]),
    ("Ok so we looked at a lot of listings together this week. I need you to forget the address 27 Quillon Drive, "
     "Boise ID 83702 though — that's my sister's place, she's not selling, I mixed it up when I pasted.",
     [["27 Quillon Drive, Boise ID 83702"]]),
    ("please forget the address 4 Harlow Road, Leeds LS6 2QT though — that's where my ex lives",
     [["4 Harlow Road, Leeds LS6 2QT"]]),
    # -- amounts with a currency code
    ("Don't store my salary (CAD 71,200); I only needed it for that one calculation.", [["CAD 71,200"]]),
    ("Forget my salary, it is EUR 54,000.", [["EUR 54,000"]]),
    ("Don't keep my rent (1,450 CHF) anywhere.", [["1,450 CHF"]]),
    # -- trailing chat words after the target: a remark after a value, hesitations, a pronoun clause without commas
    ("forget k.marlow@oxbridge-mail.example pls, dead inbox", [["k.marlow@oxbridge-mail.example"]]),
    ("forget j.tan@fastmail.example, old account", [["j.tan@fastmail.example"]]),
    ("ok assistant forget the name um rashida coleman she was my landlord and i don't want her in there anymore period",
     [["rashida coleman"]]),
    ("ok assistant forget the name erm dana kowalski she was my tutor and i dont want her saved", [["dana kowalski"]]),
    ("please forget the name uh Bruno Lemaire he was my coach", [["Bruno Lemaire"]]),
    # -- a description of the target after a comma, with a relative clause and no name, is not another target
    ("blank out night ferry to tallinn, the film i told u i was scripting. its cancelled dont want it in memory",
     [["night ferry to tallinn"]]),
    ("forget Orla Finch, the woman I worked with at the bakery", [["Orla Finch"]]),
    ("please forget Project Kestrel, the pitch we lost last year", [["Project Kestrel", "Kestrel"]]),
    ("forget Orla Finch, the baker and Tom Reyes", [["Orla Finch"], ["Tom Reyes"]]),
    # -- Russian addresses typed in Latin letters
    ("otmeni moyu pros'bu zabyt' adres, teper' mozhno: ul. Sadovaya 9, kv. 4, Tver", [["ul. Sadovaya 9, kv. 4, Tver"]]),
    ("zabud' moy staryy adres: prospekt Mira 12, kv. 30, Moskva", [["prospekt Mira 12, kv. 30, Moskva"]]),
    ("zabud' adres ul. Lenina 5, pozhaluysta", [["ul. Lenina 5"]]),
    # -- a formal letter's reference line is no target
    ("Dear Sir or Madam, I hereby withdraw my consent for this assistant to retain my date of birth (14/03/1987) in "
     "connection with claim HM-55120. Please erase it from any stored memory with immediate effect.", [["14/03/1987"]]),
    ("To whom it may concern: I withdraw my consent to the storage of my phone number (07700 900123) with reference "
     "to case no. CX-88213. Please delete it.", [["07700 900123"]]),
    ("Please forget my claim number HM-55120 and my date of birth 14/03/1987.", [["HM-55120"], ["14/03/1987"]]),
    # ... and the letter's request for erasure after "und" / "and" is no target either
    ("Hiermit widerrufe ich meine Einwilligung zur Speicherung meiner IBAN DE59 2005 0550 1234 9988 77 und bitte um "
     "deren umgehende Löschung aus Ihrem Gedächtnis.", [["DE59 2005 0550 1234 9988 77"]]),
    ("Hiermit widerrufe ich meine Einwilligung zur Speicherung meiner Telefonnummer 0171 2345678 und bitte um deren "
     "sofortige Löschung.", [["0171 2345678"]]),
    ("I hereby withdraw my consent to the storage of my passport number X4829173 and request its immediate erasure.",
     [["X4829173"]]),
    # -- a Japanese "X っていうの" naming the value after the category ("name" typed in English or 名前)
    ("ちょっとお願いなんだけど、元カレのnameもう覚えないでほしい。中村 蓮っていうの。", [["中村 蓮", "中村蓮"]]),
    ("お願い、元カノの名前もう覚えないで。佐藤 美咲っていうの。", [["佐藤 美咲", "佐藤美咲"]]),
    ("ねえ、前の上司のnameは忘れてほしい。山本 健一といいます。", [["山本 健一", "山本健一"]]),
    # -- revokes: the report of the earlier request, a Polish clause, a place adverbial, "hiding my X"
    ("मैंने पहले कहा था कि नीलकंठ ट्रेडर्स प्राइवेट लिमिटेड को भूल जाओ। अब उनके साथ फिर से काम शुरू हो गया है। "
     "कृपया उन्हें फिर से याद रखो।", [["नीलकंठ ट्रेडर्स प्राइवेट लिमिटेड"]]),
    ("maine pehle kaha tha ki Sharma Traders ko bhool jao. ab unke saath kaam phir se shuru hai, unhe yaad rakho",
     [["Sharma Traders"]]),
    ("Możesz znowu pamiętać o Agnieszce, pogodziłyśmy się.", [["Agnieszce", "Agnieszka"]]),
    ("Możesz znowu wspominać o Tomku, pogodziliśmy się.", [["Tomku", "Tomek"]]),
    ("Możesz znowu pamiętać o Marku, już się pogodziliśmy.", [["Marku", "Marek"]]),
    ("Il y a un mois je t'avais demandé d'oublier Pradel & Fils. On vient de resigner un contrat avec eux. Tu peux de "
     "nouveau les mentionner dans mes relances.", [["Pradel & Fils"]]),
    ("Le mois dernier je t'ai demandé d'oublier Garnier Transports. C'est reparti avec eux, tu peux de nouveau les "
     "citer dans mes rappels.", [["Garnier Transports"]]),
    ("전에 잊어달라고 했던 한결 프로젝트, 다시 기억해도 돼.", [["한결 프로젝트", "한결"]]),
    ("전에 잊어달라고 했던 별빛 프로젝트, 다시 기억해도 돼.", [["별빛 프로젝트", "별빛"]]),
    ("예전에 잊어달라고 했던 김민수, 다시 기억해도 돼.", [["김민수"]]),
    ("전에 잊어달라고 했던 박지훈, 이제 다시 기억해도 돼.", [["박지훈"]]),
    ("I changed my mind about hiding my diabetes diagnosis. Please remember it again. My coach needs it for the meal "
     "plan and it's silly to keep retyping it.", [["diabetes"]]),
    ("I changed my mind about hiding my epilepsy. You can remember it again, my trainer should know.", [["epilepsy"]]),
    ("I regret making you forget my ADHD diagnosis. Please remember it again.", [["ADHD"]]),
]


@pytest.mark.parametrize("text,gold", CASES, ids=[f"t{i:02d}" for i in range(len(CASES))])
def test_target_classes_round6(text: str, gold: list[list[str]]) -> None:
    got = extracted_targets(text)
    assert targets_match(got, gold), (text, got)


# "delete everything you stored about me": a total request, no junk target ("mich gespeichert hast")
@pytest.mark.parametrize("text", [
    "Ich möchte neu anfangen. Lösch bitte alles, was du über mich gespeichert hast, wirklich alles. Danke dir.",
    "Bitte lösch alles, was du über mich weißt. Danke.",
    "Efface tout ce que tu as enregistré sur moi, vraiment tout.",
    "Please delete everything you stored about me, all of it.",
])
def test_everything_about_me_is_a_forget_without_targets(text: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget" and result.targets == [], (text, result)


@pytest.mark.parametrize("text", [
    "Can you remind me what bronchitis is? I always forget.",
    "Don't forget that I have arthritis when you plan my workouts.",
    "I forgot my salary slip (CAD 71,200) at the office.",
    "Never forget that I take lithium 600mg, it matters for drug interactions.",
    "Não esquece que eu tenho fibromialgia quando montar o treino.",
    "Remember my address is Unit 5, 118 Caddell Street, Halifax NS B3J 1Z4 for deliveries.",
    "My grandma forgets her name sometimes. Her name is Edith Crane.",
    "FORGET IT. NEVER MIND. JUST HELP ME WITH THE ESSAY.",
    "我有抑郁症，这件事请你一直记住，方便你给我建议。",
])
def test_round6_target_fixes_make_no_requests(text: str) -> None:
    assert detect_intent(text).intent == "none", text


def test_currency_codes_and_condition_suffixes() -> None:
    assert concrete_values("my salary (CAD 71,200)") == ["CAD 71,200"]
    assert concrete_values("rent 1,450 CHF") == ["1,450 CHF"]
    assert concrete_values("USA 2024") == []
    for word in ("fibromialgia", "tendinite", "bronchitis", "leucemia", "hepatite"):
        assert is_condition(word), word
    for word in ("favorite", "satellite", "appetite", "termite", "diagnosis", "academia", "parasite"):
        assert not is_condition(word), word


def test_category_words_are_stripped_only_before_names_and_after_conditions() -> None:
    assert strip_category_words("اسم خالد المنصوري") == "خالد المنصوري"
    assert strip_category_words("بنك الراجحي") == "بنك الراجحي"  # an organisation keeps its kind word
    assert strip_category_words("HIV diagnosis") == "HIV"
    assert strip_category_words("second opinion diagnosis") == "second opinion diagnosis"
    assert strip_category_words("S.n.c.") == "S.n.c."
