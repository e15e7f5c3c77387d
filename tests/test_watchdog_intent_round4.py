"""Round 4 (issue 8): intent errors of the retired v5 split, fixed as classes. Each case: the v5 row and new
variants (other names, other languages where the construction is multilingual)."""

from __future__ import annotations

import pytest

from guardgraph.agents.watchdog import detect_intent

REVOKE_EARLIER_FORGET = [
    # v5
    "i asked u to forget my dog's name a while ago (Biscuit) but honestly i miss you using it, pls remember it again",
    "Last month I asked you to erase anything about Tamsin Greaves. We've reconciled, so please restore her.",
    "Dear assistant, I previously withdrew consent for you to hold my phone number (555-0139). I now give that consent again.",
    "maine pehle bola tha Ankit ko bhool jao, but ab theek hai, tum usko phir se mention kar sakte ho",
    "之前让你忘掉的地址可以恢复了：上海市徐汇区漕溪北路88号。",
    "前に忘れてと頼んだプロジェクト・オリオンの件、取り消します。また覚えておいてください。",
    "Ripristina il mio numero, 333 000 1842: puoi ricordarlo di nuovo, non è più un problema.",
    # variants
    "a few weeks back I told you to forget my cat's name (Pepper) - you can remember it again now",
    "I asked you to delete everything about Orla Kinsella, but we're friends again, so bring her back.",
    "maine pehle kaha tha Rohit ko bhool jao, ab tum usko phir se yaad kar sakte ho",
    "之前让你忘掉的电话号码可以恢复了：13800138000。",
    "Puoi ricordare di nuovo Giulia Ferraris, non mi dà più fastidio.",
    "Tu peux te rappeler de nouveau Margaux Lefèvre, ça ne me dérange plus.",
]


@pytest.mark.parametrize("text", REVOKE_EARLIER_FORGET)
def test_lifted_earlier_forget_is_revoke(text: str) -> None:
    assert detect_intent(text).intent == "revoke"


REVOKE_AGAIN = [
    ("mozhesh snova vspominat pro proekt Sokol, on opyat aktualen", "Sokol"),
    ("mozhesh opyat upominat Dimu Orlova, vsyo normalno", "Dimu Orlova"),
    ("Aku berubah pikiran, kamu boleh menyebut Rina Wulandari lagi.", "Rina Wulandari"),
    ("Kamu boleh membahas Budi Santoso lagi ya.", "Budi Santoso"),
    ("Можеш знову згадувати Тараса Мельника, я передумала.", "Тараса Мельника"),
    ("Можете знову згадувати Олену Коваль, все гаразд.", "Олену Коваль"),
    ("Allow yourself to mention my endometriosis again. I shouldn't have made you drop it.", "endometriosis"),
    ("Allow yourself to mention my asthma again, it's relevant to my training plan.", "asthma"),
    ("you can know my employer again, it's Petrel Systems, I'm not worried about it anymore", "Petrel Systems"),
    ("ok you can stop pretending you've never heard of Dr. Abernathy lol, she's my doctor again", "Abernathy"),
    ("You can stop acting like you don't know Marisol Quintero, we made up.", "Marisol Quintero"),
]


@pytest.mark.parametrize(("text", "target"), REVOKE_AGAIN)
def test_revoke_again_other_languages(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "revoke"
    assert any(target.lower() in t.lower() for t in result.targets), result.targets


FORGET = [
    ("Bonjour, merci d'oublier mon numéro de portable, le 06 39 98 41 27. Je l'avais donné pour la livraison.", "06 39 98 41 27"),
    ("Merci d'oublier mon adresse, 12 rue des Lilas.", "12 rue des Lilas"),
    ("أرجو حذف رقم هاتفي 055 555 0192 من ذاكرتك، أعطيتك إياه بالخطأ.", "055 555 0192"),
    ("من فضلك احذف بريدي lina.haddad@mail.example من ذاكرتك.", "lina.haddad@mail.example"),
    ("帮我 forget 一下 Project Lantern 吧，这个项目已经砍掉了，别再出现在你的建议里", "Project Lantern"),
    ("请 delete 掉 Project Harbor，这个项目取消了。", "Project Harbor"),
    ("私のphone number、090-5550-3318はforgetしてください。もう使ってないので。", "090-5550-3318"),
    ("昔のemail、kenji.old@mail.exampleはdeleteしてください。", "kenji.old@mail.example"),
    ("Treat Project Kestrel as if I never mentioned it. It was shelved and I was told not to discuss it.", "Project Kestrel"),
    ("Treat Halvorsen Logistics as though I never mentioned it.", "Halvorsen Logistics"),
    ("就当我从来没跟你说过陈思远这个人吧。", "陈思远"),
    ("就当我没跟你提过李文博吧。", "李文博"),
    ("zabud pro moyu byvshuyu, Ksyusha Belova, pls, ne hochu o nei voobshche govorit", "Ksyusha Belova"),
    ("zabud pro Artema Volkova, pozhaluysta", "Artema Volkova"),
    ("apaga o e-mail antigo que te passei, rafa.coutinho@correio.example, não uso mais e não quero que fique salvo",
     "rafa.coutinho@correio.example"),
    ("apaga o telefone que te passei, 11 95555-0123, não uso mais", "11 95555-0123"),
    ("borra el correo que te di, ana.vidal@correo.example, ya no lo uso", "ana.vidal@correo.example"),
]


@pytest.mark.parametrize(("text", "target"), FORGET)
def test_forget_requests(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget"
    assert any(target.lower() in t.lower() for t in result.targets), result.targets


HARD_NEGATIVES = [
    # v5
    "Recommend novels like The Memory Police, where things just get erased from the island one by one.",
    "Is Eternal Sunshine of the Spotless Mind worth watching? The one where they erase memories of an ex.",
    "Who originally sang Don't You (Forget About Me)? My dad swears it wasn't Simple Minds.",
    "My client emailed: 'Please forget the Whitcombe proposal, we're going in another direction.' How do I reply professionally?",
    "Please save Gwendolyn Ashby as my emergency contact, 07700 900582.",
    "Remove the 3pm with Achebe from my calendar, he cancelled.",
    "Cancel my Peakform Fitness membership, I'm done with them.",
    "Restore the paragraph about my internship at Ferngrove that you cut from my CV.",
    "You can talk about politics again now, the debate's over and I'm calmer.",
    "forget what I said about the 2pm slot, 3pm actually works better for everyone",
    # variants
    "Any films like Memento, where the guy can't remember anything?",
    "Who sang Forget You? I think it was Cee Lo Green.",
    "My landlord wrote: 'Please delete the old lease draft, we'll send a new one.' What should I answer?",
    "Please add Tobias Lindqvist as my emergency contact, 0151 555 0199.",
    "Delete the dentist appointment with Dr. Okafor from my calendar.",
    "Cancel my Streamly subscription, it's too expensive.",
    "Put back the sentence about Hollins College that you removed from my cover letter.",
    "We can discuss football again, the match is over.",
    "Feel free to talk about religion again, I'm fine with it now.",
    "forget what I said about Tuesday, Wednesday actually works better",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives(text: str) -> None:
    assert detect_intent(text).intent == "none"


def test_negated_lift_stays_forget() -> None:
    # an earlier forget referred to, then reinforced (not lifted): still a forget request
    result = detect_intent("I asked you to forget Corwin Blake. Please don't mention him again.")
    assert result.intent == "forget"


def test_person_again_stays_revoke() -> None:
    # the topic veto is for abstract topics only: a lower-case first name is still a revoke
    assert detect_intent("you can talk about priya again, we made up").intent == "revoke"
