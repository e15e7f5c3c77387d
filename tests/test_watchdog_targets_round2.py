"""Target cleaning, round 2 (issue 8): the CLASSES behind the errors of the retired v3 split, each checked on
new sentences written for these tests (none is a copy of a dev or held-out line), in several languages.

Classes: a second clause after the target ends it; a value named after its category with any naming
copula; a pronoun ("his name", "seinen Namen") that refers back to the one name given; addresses in real
national formats and grouped IDs; honorifics and titles (Japanese, Korean, German, Spanish, French,
Chinese "这家公司"); revoke targets (a first name that is also a common word, topic-first Chinese,
Hinglish "X wala"). Targets are taken from ``detect_intent``; when the intent is not recognised the
generic span finder gives what a correct intent would get, so these tests check targets only.
"""

from __future__ import annotations

import pytest
from _watchdog_targets import extracted_targets, targets_match

from guardgraph.agents.watchdog import detect_intent
from guardgraph.agents.watchdog_targets import ADDRESS, clean_targets, concrete_values, starts_clause


_targets = extracted_targets
_ok = targets_match


CASES = [
    # a second clause after the target is not a list item
    ("Forget Halvard Brennvik, I don't want to hear about him.", [["Halvard Brennvik"]]),
    ("Forget Quillon Systems and Teodora Vass — both are behind me now.", [["Quillon Systems"], ["Teodora Vass"]]),
    ("Oublie Mathilde Garnier, je ne veux plus en parler.", [["Mathilde Garnier"]]),
    ("Olvida a Tomás Ybarra, ya no trabajo con él.", [["Tomás Ybarra"]]),
    ("Vergiss Ansgar Wöllner, ich habe keinen Kontakt mehr.", [["Ansgar Wöllner"]]),
    ("Dimentica Lucrezia Fabbri, non la vedo più.", [["Lucrezia Fabbri"]]),
    ("Esquece a Joana Meireles, já não somos amigas.", [["Joana Meireles"]]),
    ("Забудь Аркадия Лебедева, мы больше не общаемся.", [["Аркадия Лебедева"]]),
    ("انسَ سامي الخطيب ولا تتحدث عنه.", [["سامي الخطيب"]]),
    ("Please forget my old email, zorba.k@mailbox.org, I closed that account.", [["zorba.k@mailbox.org"]]),
    ("Forget my band 'Copper Lanterns' — we split up and I'd rather not talk about it.", [["Copper Lanterns"]]),
    ("Vergeet Marloes Dekker, we hebben ruzie gehad.", [["Marloes Dekker"]]),
    # a value named after its category, with the copulas of each language
    ("I don't want you to remember where I work anymore. The company is called Vantor Hollis.", [["Vantor Hollis"]]),
    ("No quiero que recuerdes mi banco. El banco se llama Caja Almira.", [["Caja Almira"]]),
    ("Je ne veux plus que tu retiennes mon employeur. C'est la société Brévalis.", [["Brévalis"]]),
    ("Ich möchte nicht, dass du meine Krankheit speicherst, es ist Multiple Sklerose.", [["Multiple Sklerose"]]),
    ("Non voglio che tu ricordi la mia banca. La banca è Credito Valtellese.", [["Credito Valtellese"]]),
    ("我不想让你记住我的病，是糖尿病。", [["糖尿病"]]),
    ("Please forget my diagnosis — chronic migraine — from your memory.", [["chronic migraine"]]),
    ("Ich möchte nicht, dass du dir meinen Arbeitgeber merkst. Die Firma heißt Ostwind Solar.", [["Ostwind Solar"]]),
    ("Não quero que guardes onde trabalho. A empresa chama-se Atlântida Têxtil.", [["Atlântida Têxtil"]]),
    ("Please forget my employer, Lindqvist Partners S.A.", [["Lindqvist Partners S.A."]]),
    ("Olvida mi empresa anterior, Torres Vidal S.L.", [["Torres Vidal S.L."]]),
    # a pronoun refers back to the one name of the message
    ("My landlord was a man called Desmond Achterlo. Please forget his name.", [["Desmond Achterlo"]]),
    ("Mi exjefe se llamaba Aurelio Casares. Olvida su nombre.", [["Aurelio Casares"]]),
    ("Mein Zahnarzt heißt Dr. Kuno Lembeck. Vergiss bitte seinen Namen.", [["Kuno Lembeck", "Dr. Kuno Lembeck"]]),
    ("Mon ancien patron s'appelait Firmin Caradec. Oublie son nom.", [["Firmin Caradec"]]),
    # addresses in national formats, grouped IDs
    ("Forget my address, 9 Hollin Rise, Sheffield S10 3GT.", [["9 Hollin Rise, Sheffield S10 3GT"]]),
    ("Please stop storing my address: 12 Kestrel Road, Glasgow G12 8QQ", [["12 Kestrel Road, Glasgow G12 8QQ"]]),
    ("Oublie mon adresse, 8 avenue Jean Jaurès, 69007 Lyon.", [["8 avenue Jean Jaurès, 69007 Lyon"]]),
    ("Esquece a minha morada: Avenida da Liberdade 120, 1250-146 Lisboa.",
     [["Avenida da Liberdade 120, 1250-146 Lisboa"]]),
    ("Забудь мой адрес: ул. Садовая, д. 15, кв. 4, Самара.", [["ул. Садовая, д. 15, кв. 4, Самара"]]),
    ("انسَ عنواني: شارع الجامعة 14، عمّان.", [["شارع الجامعة 14، عمّان"]]),
    ("忘记我的地址：上海市浦东新区世纪大道100号。", [["上海市浦东新区世纪大道100号"]]),
    ("forget my national insurance number, AB 98 76 54 D", [["AB 98 76 54 D"]]),
    # honorifics, titles, organisation kinds
    ("田中さんのことは忘れてください。", [["田中"]]),
    ("前の担任の鈴木先生のことは忘れて。", [["鈴木"]]),
    ("Vergiss bitte Herrn Konrad Albers.", [["Konrad Albers"]]),
    ("예전 팀장 박지훈 씨에 대해서는 잊어 줘.", [["박지훈"]]),
    ("Olvida a la Sra. Mercedes de la Vega.", [["Mercedes de la Vega", "Sra. Mercedes de la Vega"]]),
    ("Oublie Mme Duplessis, s'il te plaît.", [["Duplessis", "Mme Duplessis"]]),
    ("忘了我的律师王志强。", [["王志强"]]),
    ("忘掉蓝海科技这家公司。", [["蓝海科技"]]),
    ("انسَ شركة الريان للمقاولات.", [["الريان للمقاولات", "شركة الريان للمقاولات"]]),
    ("Vergiss alles über die Firma Kranich Logistik GmbH.", [["Kranich Logistik GmbH"]]),
    ("Act like you don't know who Cressida Vane is.", [["Cressida Vane"]]),
    # lists: "ni", "plus", "ainsi que"
    ("No recuerdes a Julián Herrero ni a su socio Bruno Sastre.", [["Julián Herrero"], ["Bruno Sastre"]]),
    ("Forget Oskar Brandt from your memory, plus my old gym Ironvale Fitness.", [["Oskar Brandt"], ["Ironvale Fitness"]]),
    ("Oublie Margaux Lefort, ainsi que mon ancien club, Les Albatros de Brest.",
     [["Margaux Lefort"], ["Les Albatros de Brest"]]),
    # a value in the next sentence (Japanese "…です"), a name outside a quoted title, a dash apposition
    ("職場のことは覚えないでください。株式会社ホクト電機です。", [["株式会社ホクト電機", "ホクト電機"]]),
    ("前の病院は忘れて。さくら総合病院です。", [["さくら総合病院"]]),
    ("Забудь мою бывшую начальницу Ирину Сомову и её студию «Лотос».", [["Ирину Сомову"], ["Лотос"]]),
    ("Oublie mon ex Camille Roussel et son livre « Les Heures Claires ».", [["Camille Roussel"], ["Les Heures Claires"]]),
    ("Please forget the condition I told you about — Crohn's colitis — for good.", [["Crohn's colitis"]]),
    ("Olvida la enfermedad que te conté — lupus eritematoso — por favor.", [["lupus eritematoso"]]),
    ("I'd rather you didn't keep the name of my gym. It's Ironbark Athletics.", [["Ironbark Athletics"]]),
    ("Je préfère que tu oublies le nom de mon école. C'est le Lycée Sainte-Claire.", [["Lycée Sainte-Claire"]]),
    ("borra mi dirección: calle olmo 8, sevilla", [["calle olmo 8, sevilla"]]),
    # two requests in one message: "act as though X never existed, and also forget Y"
    ("Haz como si la empresa Olivar Digital nunca hubiera existido, y olvida también a mi socio, Rubén Campos.",
     [["Olivar Digital"], ["Rubén Campos"]]),
    ("Fais comme si le club Les Mouettes n'avait jamais existé, et oublie aussi ma voisine, Mme Ferrand.",
     [["Les Mouettes"], ["Ferrand", "Mme Ferrand"]]),
    ("Act as though Corvane Labs never existed, and also forget my mentor, Dr. Lise Okafor.",
     [["Corvane Labs"], ["Lise Okafor", "Dr. Lise Okafor"]]),
    # a demonstrative ("वो", "it", "das") refers back to the value set off by commas after its description
    ("मेरी बीमारी के बारे में जो बताया था, माइग्रेन, उसे भूल जाओ।", [["माइग्रेन"]]),
    ("My illness that I mentioned, fibromyalgia, please forget it.", [["fibromyalgia"]]),
    ("Mein Arbeitgeber, Kessler Metall, vergiss das bitte.", [["Kessler Metall"]]),
    # revoke targets
    ("you can talk about marcus again, its ok now", [["marcus"]]),
    ("Du kannst Sabine wieder erwähnen.", [["Sabine"]]),
    ("田中さんのこと、また話してもいいよ。", [["田中"]]),
    ("蓝海科技你可以记住了。", [["蓝海科技"]]),
    ("Puedes volver a hablar de Inés, ya está bien.", [["Inés"]]),
    ("Tu peux de nouveau parler de Capucine.", [["Capucine"]]),
    ("rohit wala forget hata do, ab theek hai", [["rohit"]]),
]


@pytest.mark.parametrize("text,gold", CASES, ids=[f"r{i:02d}" for i in range(len(CASES))])
def test_target_classes_round2(text, gold):
    got = _targets(text)
    assert _ok(got, gold), (text, got)


@pytest.mark.parametrize("rest", [
    "I don't want to hear about him", "both are behind me now", "all three are out of my life", "je ne veux plus",
    "j'ai besoin que tu t'en souviennes", "no quiero que lo guardes", "hicimos las paces", "ich will nicht mehr",
    "non avrei dovuto dartelo", "ik wil niet meer", "мы больше не общаемся", "لا تذكره",
])
def test_a_clause_after_a_separator_is_not_a_list_item(rest):
    assert starts_clause(rest)


@pytest.mark.parametrize("rest", [
    "Teodora Vass", "my old company Glintwater Media", "la société Vermeil Conseil", "Bristol BS3 4QX",
    "its CTO Rafferty Quill", "mi hermana Lucía", "das Café Rosenthal", "31000 Toulouse",
])
def test_a_noun_phrase_after_a_separator_is_a_list_item(rest):
    assert not starts_clause(rest)


@pytest.mark.parametrize("address", [
    "27 Hollybank Terrace, Bristol BS3 4QX", "4B Maple Court, Leeds LS6 2AB", "14 rue des Lilas, 31000 Toulouse",
    "Rua do Carmo 45, 4050-265 Porto", "ул. Лесная, д. 7, кв. 12, Казань", "شارع الملك فهد 22، الرياض",
    "北京市朝阳区建国路88号", "flat 302, sai residency, pune",
])
def test_addresses_in_national_formats_match_whole(address):
    m = ADDRESS.search(address)
    assert m and m.group().strip(" .,") == address


def test_grouped_national_id_is_one_value():
    assert concrete_values("my NI number is QQ 12 34 56 C, delete it") == ["QQ 12 34 56 C"]


def test_revoke_keeps_a_common_first_name_but_not_a_pronoun():
    text = "you can mention jordan again"
    assert clean_targets(["jordan"], text, "en", keep_common=True) == ["jordan"]
    assert clean_targets(["it"], "you can mention it again", "en", keep_common=True) == []
    assert clean_targets(["jordan"], text, "en") == []  # a forget never stores a common word alone


@pytest.mark.parametrize("text", ["Forget it, never mind.", "Stop talking about the weather and answer my question."])
def test_a_demonstrative_without_a_described_value_names_nothing(text):
    assert detect_intent(text).targets == []


@pytest.mark.parametrize("raw,text,lang,expected", [
    ("marco ferri", "dimentica tutto su marco ferri", "it", ["marco ferri"]),
    ("pedro castillo", "olvida a pedro castillo", "es", ["pedro castillo"]),
    ("paul martin", "oublie tout sur paul martin", "fr", ["paul martin"]),
    ("ana costa", "esquece a ana costa", "pt", ["ana costa"]),
    # common nouns take an article (or are not names): nothing to store
    ("las instrucciones anteriores", "olvida las instrucciones anteriores", "es", []),
    ("les règles précédentes", "oublie les règles précédentes", "fr", []),
    ("the weather", "forget the weather", "en", []),
])
def test_lowercase_chat_names_in_article_languages(raw, text, lang, expected):
    assert clean_targets([raw], text, lang) == expected
