"""Round 5 (issue 8): recall of requests and revokes the rules and the classifier both missed on v6.

Each class has its v6 row plus new variants (other names, other languages) and hard negatives of the same shape:
forget imperatives in languages without rules of their own, explicit withdrawals of an earlier forget request,
earlier requests lifted by a permission, consent given again, pronoun back-references to a condition or a
measurement, repeated orders ("I SAID FORGET X"), handles as retention objects, and Hindi "X वाली बात भूल जाओ".
"""

from __future__ import annotations

import pytest

from guardgraph.agents.watchdog import detect_intent

EXTRA_LANGUAGE_FORGET = [
    # v6 rows
    ("Tafadhali sahau jina la Baraka Mwangi.", "Baraka Mwangi"),
    ("Làm ơn quên số điện thoại 555-0171 của tôi đi.", "555-0171"),
    ("תשכח את דני אברמוב בבקשה, הוא כבר לא עורך הדין שלי.", "דני אברמוב"),
    ("امسح اسم عمّي فيصل", "عمّي فيصل"),
    ("please imsa7 ra2am telefoni 555-0158 men el memory, mesh 3ayez yeb2a ma3ak", "555-0158"),
    ("bórralo todo sobre la Dra. Marisa Quintana", "Marisa Quintana"),
    # new variants
    ("תשכחי את יעל כהן, בבקשה", "יעל כהן"),
    ("Tafadhali futa habari za Amina Njeri.", "Amina Njeri"),
    ("Làm ơn xóa địa chỉ email lan.tran@example.com của tôi đi.", "lan.tran@example.com"),
    ("please emsa7 esm Karim Haddad men el memory", "Karim Haddad"),
    ("olvídalo todo sobre el Sr. Tomás Ibarra", "Tomás Ibarra"),
]


@pytest.mark.parametrize(("text", "target"), EXTRA_LANGUAGE_FORGET)
def test_extra_language_forget(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert any(target in t or t in target for t in result.targets), result


@pytest.mark.parametrize("text", [
    "tolong lupakan alamat aku, Jl. Kenanga No. 8, Bandung. aku udah pindah",  # v6 (address target: other helper)
    "stp tu peux delete tout ce que je t'ai dit sur la boîte Rocheval SAS? c'est over avec eux.",  # v6
    "tu peux delete tout ce que je t'ai dit sur Lucas Moreau stp",
    "lupakan Budi Santoso ya, kami sudah putus",
])
def test_extra_language_forget_intent(text: str) -> None:
    assert detect_intent(text).intent == "forget"


@pytest.mark.parametrize("text", [
    "אל תשכח את יום ההולדת של דנה",  # don't forget Dana's birthday
    "đừng quên gọi cho mẹ nhé",  # don't forget to call mum
    "jangan lupa beli susu",  # don't forget to buy milk
    "Bu dosyayı sil ve yenisini yükle",  # delete this file and upload a new one
    "tolong hapus foto itu dari dokumen presentasi",  # a document edit
    "Làm sao để xóa tài khoản Facebook?",  # a question
    "Tafadhali futa ujumbe huu kwenye orodha",  # delete this message from the list
    "امسح الأرضية قبل أن يصل الضيوف",  # mop the floor before the guests arrive
    "انسَ الموضوع، مش مهم.",  # forget it, not important
    "قل لي كيف أحذف حسابي",
    "hapus saja kalimat terakhir",
    "can you delete tout le texte en bas du document?",
])
def test_extra_language_negatives(text: str) -> None:
    assert detect_intent(text).intent != "forget"


REVOKES = [
    # v6 rows
    ("青鸟计划又可以提了，我撤回之前让你删除的请求。项目重新启动了，后面还要你帮忙整理资料。", "青鸟计划"),
    ("高橋さんのこと、忘れてって言ったけどやっぱりなしで。よりを戻しました。また覚えておいて大丈夫です。", "高橋"),
    ("Puoi tornare a ricordarti di Gianfranco. Ti avevo chiesto di dimenticarlo, ma mi sbagliavo.", "Gianfranco"),
    ("Emre Kalkan'ı tekrar hatırlayabilirsin, silme isteğimi geri alıyorum.", "Emre Kalkan"),
    ("Ritika wala forget wapas le raha hoon, tum usko phir se yaad rakh sakte ho", "Ritika"),
    ("otmeni zabyvanie pro Alinu, mozhno snova o ney govorit. My pomirilis', tak chto vsyo normalno.", "Alin"),
    ("ok i regret making u forget my coeliac disease, put it back, the meal plans were better with it", "coeliac disease"),
    ("I changed my mind about hiding Fernbrook Capital. They're handling my pension transfer after all. "
     "Go ahead and remember it again.", "Fernbrook Capital"),
    ("Last week I was furious and told you to erase everything about my old manager, Priyanka Dunmore. We've since "
     "sorted things out. You can remember her again.", "Priyanka Dunmore"),
    ("Further to my erasure request of 2 May, I am giving my consent again for you to store my email address, "
     "f.okoro-baines@mailhub.example. I withdrew it in error.", "f.okoro-baines@mailhub.example"),
    # new variants
    ("我撤回之前让你忘记李明的请求，他现在又是我的同事了。", "李明"),
    ("佐藤さんのこと、消してって言ったけどやっぱりなし。", "佐藤"),
    ("Neha wala forget wapas le liya, usko yaad rakh lo", "Neha"),
    ("otmeni zabyvanie pro Sergeya, mozhno snova o nem govorit", "Serge"),
    ("I changed my mind about deleting Oakridge Partners. You can remember them again.", "Oakridge Partners"),
    ("Yesterday I angrily told you to delete everything about my sister Joanna Pike. You can remember her again.",
     "Joanna Pike"),
    ("I withdraw my deletion request for Pelham Tutoring.", "Pelham Tutoring"),
    ("Following my erasure request, I am renewing my consent for you to store my phone number +44 7700 900123.",
     "7700 900123"),
]


@pytest.mark.parametrize(("text", "target"), REVOKES)
def test_revokes_lifting_an_earlier_request(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "revoke", result
    assert any(target in t for t in result.targets), result


@pytest.mark.parametrize("text", [
    "I withdraw my complaint against Pelham Tutoring.",
    "I regret telling him about my divorce.",
    "You asked me to forget the password, so I did. Can you remind me how to reset it?",
])
def test_revoke_negatives(text: str) -> None:
    assert detect_intent(text).intent == "none"


BACK_REFERENCES = [
    ("ngl i regret telling u about my eating disorder, pls forget it", "eating disorder"),  # v6
    ("So the appointment on Thursday went fine. One thing though: I mentioned my weight (112 kg) while we were "
     "chatting and I really don't want that kept, so please forget it. Anyway, can you book my follow-up for June?",
     "112 kg"),  # v6: the later question is not the request's sentence
    ("honestly i regret mentioning my panic disorder, please forget it", "panic disorder"),
    ("I told you my blood pressure (150/95) earlier. Please forget it. Also what time is it?", "150/95"),
]


@pytest.mark.parametrize(("text", "target"), BACK_REFERENCES)
def test_pronoun_back_reference_to_a_condition_or_value(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert result.targets == [target], result


def test_forget_it_dismissal_stays_none() -> None:
    assert detect_intent("Forget it, what is my blood pressure supposed to be?").intent == "none"


@pytest.mark.parametrize(("text", "target"), [
    ("I SAID FORGET DERRICK VOSS. HE IS NOT MY LANDLORD ANYMORE AND I DONT WANT HIS NAME POPPING UP", "DERRICK VOSS"),
    ("I said forget Marcus Webb. He's gone.", "Marcus Webb"),
    ("i told you, forget Marta Ruiz", "Marta Ruiz"),
    ("stop storing @bramblecode_dev, not mine", "@bramblecode_dev"),  # v6
    ("stop storing @quietfox_99 please", "@quietfox_99"),
    ("stop saving j.doe@example.org", "j.doe@example.org"),
    ("can we wipe the slate clean regarding Harbourline Property Management? i've settled with them and i'd rather "
     "you didn't keep any of it", "Harbourline Property Management"),  # v6
    ("मेरी थायरॉइड वाली बात भूल जाइए। मैं नहीं चाहती कि यह आपके पास सेव रहे।", "थायरॉइड"),  # v6
    ("मेरे तलाक वाली बात भूल जाओ", "तलाक"),
    ("Rohan ki baat bhool jao yaar", "Rohan"),
    ("Preferiria que dejaras de guardar mi dirección, Calle Luna 5.", "Calle Luna 5"),
    ("Queria que parasse de guardar o nome do meu ex, Rui Matos.", "Rui Matos"),
])
def test_other_recall_classes(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert target in result.targets, result


@pytest.mark.parametrize("text", [
    "I said forget it",
    "Me gustaría que mi banco dejara de guardar mis datos",
    "Gostaria que o app deixasse de guardar fotos antigas.",
])
def test_other_recall_negatives(text: str) -> None:
    assert detect_intent(text).intent == "none"


def test_portuguese_subjunctive_stop_storing() -> None:
    result = detect_intent("Gostaria que deixasse de guardar informações sobre a minha síndrome do pânico. "
                           "Foi um desabafo num dia mau.")  # v6
    assert result.intent == "forget"


@pytest.mark.parametrize(("text", "target"), [
    ("vc pode esquecer o que eu te contei sobre minha depressão? não quero isso guardado em lugar nenhum", "depressão"),
    ("puedes olvidar lo que te conté sobre mi ansiedad? no quiero que quede guardado", "ansiedad"),
    ("can you forget what I told you about my insomnia?", "insomnia"),
])
def test_condition_target_is_not_vetoed_by_the_classifier(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert result.targets == [target], result


def test_classifier_reads_the_late_cue_sentence() -> None:
    from guardgraph.agents.watchdog import _classifier_text

    small_talk = "Thanks for the help with the garden plan yesterday, the tomatoes are doing great and the kids love it. "
    text = small_talk + small_talk + "Also, please forget my cousin Ilona Varga entirely. Have a nice day."
    assert _classifier_text(text, False).startswith("Also, please forget")
    assert _classifier_text("please forget Ilona Varga. " + small_talk, False).startswith("please forget")
    assert _classifier_text("short message, forget it", False) == "short message, forget it"


@pytest.mark.parametrize(("intent", "text", "target"), [
    ("forget", "שכח את רון לוי, הוא כבר לא חבר שלי", "רון לוי"),
    ("forget", "Tafadhali sahau namba yangu ya simu 0712-555-019.", "0712-555-019"),
    ("forget", "Hãy quên Nguyễn Văn Minh đi, chúng tôi chia tay rồi.", "Nguyễn Văn Minh"),
    ("revoke", "我撤回删除王芳的请求，可以再提她了。", "王芳"),
    ("revoke", "Ich ziehe meine Löschanfrage zu Jonas Weber zurück.", "Jonas Weber"),
])
def test_more_variants(intent: str, text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == intent, result
    assert result.targets == [target], result


@pytest.mark.parametrize("text", [
    "שכחתי את המפתחות בבית",  # I forgot the keys at home
    "Nilisahau funguo zangu nyumbani.",  # I forgot my keys at home
    "Tôi quên mật khẩu rồi, làm sao lấy lại?",
    "aku lupa nama Rina Wulandari, siapa dia ya?",
    "امسح الطاولة من فضلك",  # wipe the table please
    "I withdraw my request for a refund from Delia Marsh.",
    "I told you to forget Paolo and now you remember him again, why?",
])
def test_more_negatives(text: str) -> None:
    assert detect_intent(text).intent == "none"


@pytest.mark.parametrize(("text", "target"), [
    ("السادة المحترمون، أسحب بموجب هذا موافقتي على احتفاظكم بمعلومات عن مرضي، وهو الربو المزمن. أطلب محو هذه المعلومة "
     "نهائياً من ذاكرة المساعد. وتفضلوا بقبول فائق الاحترام.", "الربو المزمن"),  # v6
    ("أسحب موافقتي على احتفاظكم برقم هاتفي 555-0142.", "555-0142"),
    ("Sayın yetkili, telefon numaram 0532 555 0101 için rızamı geri çekiyorum, bilgilerimin saklanmasını istemiyorum.",
     "0532 555 0101"),
    ("Saya menarik persetujuan saya untuk menyimpan alamat email saya, budi.s@example.com.", "budi.s@example.com"),
])
def test_extra_language_consent_withdrawal(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget", result
    assert result.targets == [target], result


@pytest.mark.parametrize("text", [
    "أسحب موافقتي على العقد مع الشركة",  # consent to a contract
    "Saya menarik persetujuan saya untuk kontrak dengan PT Maju Jaya.",
])
def test_extra_language_consent_negatives(text: str) -> None:
    assert detect_intent(text).intent == "none"
