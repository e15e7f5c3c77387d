"""Issue #8 round 4: the CLASSES behind the v3 intent errors, each checked on new sentences written for this
test in several languages (none is a copy of a development line). Intent only; target cleaning has its own
tests (test_watchdog_targets_classes.py)."""

from __future__ import annotations

import pytest

from guardgraph.agents.watchdog import detect_intent

# Retention verbs: "stop remembering / don't keep / don't store / withdraw consent to storing X" (a forget).
RETENTION = [
    "Quiero que dejes de recordar el nombre de mi médico, el doctor Salcedo.",
    "No guardes más mi número de teléfono, 612 44 90 12.",
    "Não guarde mais o meu e-mail: rita.m@example.pt",
    "Quero que deixes de lembrar onde moro.",
    "Arrête de retenir mon adresse, 3 rue Basse, Lyon.",
    "Hör auf, dir meine Adresse zu merken.",
    "Speichere meine Telefonnummer nicht mehr.",
    "Smetti di ricordare dove abito.",
    "Non conservare più il mio indirizzo email.",
    "Перестань помнить мой адрес.",
    "Не храни больше мой номер телефона.",
    "私の住所を覚えないでください。",
    "電話番号はもう保存しないでほしい。",
    "Please stop storing my date of birth.",
]
CONSENT = [
    "Я отзываю своё согласие на обработку моего номера телефона.",
    "Ich ziehe meine Einwilligung zur Speicherung meiner Adresse zurück.",
    "Ich widerrufe meine Zustimmung, dass du meinen Arbeitgeber kennst.",
    "Retiro mi consentimiento para que guardes mi dirección.",
    "Revoco il consenso alla conservazione del mio numero di telefono.",
    "Retiro o meu consentimento para guardares o meu endereço.",
]
PRETEND_UNKNOWN = [
    "Act like you've never heard of Corvina Labs.",
    "Behave as if you don't know who Mina Oduya is.",
    "From now on act as though you have no idea what Brackenridge is.",
    "Притворись, что ты не знаешь, кто такой Игорь Лапин.",
    "Сделай вид, что не знаешь про компанию «Вектор».",
    "Actúa como si no conocieras a Lucía Prado.",
    "Tu so, als würdest du Jana Brück nicht kennen.",
    "Fai come se non conoscessi Paolo Senni.",
    "Fais comme si tu ne connaissais pas Hugo Martel.",
    "田中さんのことは知らないものとして扱ってください。",
    "その会社は存在しないものとして扱ってほしい。",
]
NEVER_TOUCH_JA = [
    "元彼について、二度と触れないでください。",
    "私の病気については今後話題にしないで。",
    "前の職場のことには今後一切触れないでほしい。",
]
ERASE_HINGLISH_SV = [
    "mera phone number hata do please",
    "meri address mita do yaar",
    "mera naam delete kar do",
    "Glöm mitt telefonnummer, tack.",
    "Glöm bort min gamla chef Lars Ek.",
]
REVOKE = [
    # a change of mind + "you can remember / mention it again" (the name is earlier, a pronoun refers back)
    "I changed my mind about Tidewell: you can remember it again.",
    "J'ai changé d'avis sur Marc Vidal, tu peux t'en souvenir à nouveau.",
    "Ho cambiato idea su Paolo Senni: puoi ricordarlo di nuovo.",
    "Cambié de idea con Lucía Prado, ya puedes recordarla otra vez.",
    # an earlier forget request is withdrawn
    "Ignore my earlier request to forget Corvina Labs.",
    "I told you to forget Mina Oduya yesterday. Scrap that request, you can keep her in memory.",
    "Antes te pedí que olvidaras a Lucía Prado; ignora esa petición.",
    "Vorhin habe ich dich gebeten, Jana Brück zu vergessen. Ignoriere diese Bitte.",
    "田中さんを忘れるお願い、撤回します。",
    # undo with no target
    "undo the forget I just asked for",
    "Cancel that forget request I made, please.",
    "Revert the forgetting I asked for a minute ago.",
]
NOT_REQUESTS = [
    # a change of plan ("forget X, better Y")
    "Olvida el tren, mejor alquilamos un coche.",
    "Oublie le restaurant, mieux vaut manger à la maison.",
    "Vergiss das Hotel, besser nehmen wir eine Ferienwohnung.",
    "Esquece o voo, melhor irmos de comboio.",
    "Dimentica il treno, meglio prendere la macchina.",
    "Forget the bus, better to walk.",
    # the user forgot something (first-person past)
    "집 열쇠를 잊어버렸어요. 어떻게 하죠?",
    "パスワードを忘れてしまいました。どうすればいいですか？",
    "我忘了密码，怎么重置？",
    "Я забыл пароль от почты, что делать?",
    "نسيت كلمة المرور، كيف أستعيدها؟",
    "मैं अपना पासवर्ड भूल गया, क्या करूँ?",
    "Olvidé mi contraseña del banco, ¿qué hago?",
    "Ugh, I forgot my umbrella at the office again.",
    # scoped to the current exercise / task
    "For this quiz, pretend you've never heard of Einstein and guess who wrote this quote.",
    "Pour cet exercice, fais comme si tu ne connaissais pas Victor Hugo et analyse ce poème.",
    "Para este ejercicio, olvida lo que sabes de Cervantes y comenta el texto.",
    "Für diese Aufgabe tu so, als hättest du nie von Goethe gehört, und bewerte das Gedicht.",
    "Per questo esercizio, dimentica tutto quello che sai su Dante e commenta la poesia.",
    # editing a draft: a replacement instruction follows
    "Forget the bullet list, write it as one paragraph.",
    "Forget the sign-off, end the email with 'Cheers, Tom'.",
    "Oublie la formule de politesse, commence la lettre par « Salut Paul ».",
    "Olvida el saludo formal, empieza el correo con «Hola, Ana».",
    "Vergiss die förmliche Anrede, beginne den Brief mit „Hallo Jan“.",
    # the new retention / pretend rules on ordinary sentences: not about the user's data, or a role play
    "Please stop storing your bike in the hallway.",
    "Stop keeping me waiting, just give me the answer.",
    "No guardes más comida en el horno, se estropea.",
    "Speichere die Datei nicht mehr im alten Ordner.",
    "このファイルは保存しないでください。",
    "is file ko delete kar do",
    "Act like you've never heard of TikTok and I'll explain it to you.",
    "Glöm inte att köpa mjölk.",
    "Stop keeping the keys under the mat.",
    "No guardes los zapatos en el armario.",
    "لا تحتفظ بالخبز في الثلاجة.",
]

# more sentences written for this round, in other languages and phrasings
MORE_FORGET = [
    '别再记着我的住址了。',
    '请不要再保存我的电话号码。',
    '就当你不认识李娜这个人。',
    'لا تحتفظ برقم هاتفي بعد الآن.',
    'تصرّف كأنك لم تسمع أبدًا عن شركة الندى.',
    'मेरा पता अब याद मत रखना।',
    'ऐसे दिखाओ जैसे तुमने कभी राहुल मेहता का नाम नहीं सुना।',
    '제 주소는 기억하지 마세요.',
    "I revoke my consent for you to store my employer's name.",
    "Stop remembering my daughter's school, please.",
    'Je retire mon consentement à ce que tu conserves mon numéro.',
    'Deixa de guardar o meu número de telefone, por favor.',
    "Pretend you've never heard of Brackwater Studios from now on.",
    "Fais comme si tu n'avais jamais entendu parler de la société Orvane.",
    'Haz como si no supieras nada de mi exnovio Dani.',
    'Non voglio che tu memorizzi il mio indirizzo: via Roma 12, Torino.',
    'Por favor, olvida dónde vivo. Es la calle Luna 4, Madrid.',
    'Forget who my therapist is. Her name is Dr. Alma Reyes.',
]
# more sentences written for this round, in other languages and phrasings
MORE_REVOKE = [
    'Я передумал насчёт Игоря Лапина: можешь снова его упоминать.',
    'I changed my mind on Brackwater Studios, you may mention it again.',
    'Mudei de ideia sobre a Orvane: podes voltar a falar dela.',
    'Ich habe meine Meinung geändert wegen Jana Brück: du darfst sie wieder erwähnen.',
    '李娜的事你可以再提了，我改主意了。',
    'Please cancel my earlier request to forget Orvane.',
    'Ti ho chiesto di dimenticare Paolo Senni: annulla quella richiesta.',
    "Je t'ai demandé d'oublier Marc Vidal ; annule cette demande.",
    'Take back the forget request I just made.',
]
# more sentences written for this round, in other languages and phrasings
MORE_NONE = [
    "Forget the hotel, let's camp near the lake instead.",
    'Oublie le train, mieux vaut prendre la voiture.',
    'Ich habe meinen Schlüssel vergessen, was soll ich tun?',
    'Esqueci o guarda-chuva no carro.',
    'Ho dimenticato la password della mail, come la recupero?',
    'Я забыла, как называется этот фильм.',
    '我又忘了带钥匙。',
    'ペンを家に忘れました。',
    "In this game, pretend you don't know who Sherlock Holmes is and ask me questions.",
    'For this task, forget everything you know about French grammar and explain it simply.',
    'Forget the intro paragraph, begin with the key finding.',
    'Olvida la primera frase, empieza el texto con una pregunta.',
    "Dimentica l'introduzione, inizia la lettera con «Gentile Dottore».",
    'Please stop storing the chairs in the corridor.',
    'Stop tracking my package, it arrived.',
    'I told you to forget the cake and buy pie instead.',
    "Could you act like you don't know the answer so my kid can guess?",
]


@pytest.mark.parametrize("text", RETENTION + CONSENT + PRETEND_UNKNOWN + NEVER_TOUCH_JA + ERASE_HINGLISH_SV
                         + MORE_FORGET)
def test_forget_classes(text: str) -> None:
    assert detect_intent(text).intent == "forget", detect_intent(text)


@pytest.mark.parametrize("text", REVOKE + MORE_REVOKE)
def test_revoke_classes(text: str) -> None:
    assert detect_intent(text).intent == "revoke", detect_intent(text)


@pytest.mark.parametrize("text", NOT_REQUESTS + MORE_NONE)
def test_not_request_classes(text: str) -> None:
    assert detect_intent(text).intent == "none", detect_intent(text)


# Pronoun back-reference: the pronoun object of "forget it" names a thing the user introduced as their own.
BACK_REFERENCE = [
    ("My old band was called The Velvet Pylons. Please forget about it, it's embarrassing.", "The Velvet Pylons"),
    ("I used to date Marta Olsen. Forget her, she's out of my life.", "Marta Olsen"),
]
NOT_BACK_REFERENCE = [
    "Have you seen Interstellar? Forget it, let's watch something lighter instead.",
    "My sister recommended Dune. Forget it, never mind, what's the weather tomorrow?",
]


@pytest.mark.parametrize(("text", "target"), BACK_REFERENCE)
def test_pronoun_back_reference(text: str, target: str) -> None:
    result = detect_intent(text)
    assert result.intent == "forget" and target in result.targets, result


@pytest.mark.parametrize("text", NOT_BACK_REFERENCE)
def test_pronoun_dismissal_is_not_a_request(text: str) -> None:
    assert detect_intent(text).intent == "none", detect_intent(text)


# A second batch written after the fixes above, to check that they generalise (all three intents, 14 languages);
# it found two more classes, fixed in the same way: "never mind my request to forget X" (a revoke) and
# reminiscing ("Remember when we talked about Kasper?", not a revoke).
SECOND_BATCH = [
    ('forget', "Could you wipe my sister's name, Ilse Varga, from whatever you've saved?"),
    ('forget', "I'd appreciate it if you no longer kept track of my employer, Denholm Freight."),
    ('forget', "Please don't hold on to my medical history — I have lupus."),
    ('forget', 'Erase any trace of Kasper Lind from our chats.'),
    ('forget', 'Kindly purge my phone number 07700 900123 from your records.'),
    ('forget', 'Remove everything you know about Ottoline Brandt.'),
    ('forget', "Oublie tout ce que je t'ai dit sur Léa Fontaine."),
    ('forget', 'Efface de ta mémoire le nom de mon médecin, le Dr Girard.'),
    ('forget', 'No quiero que sepas dónde vivo, bórralo: Calle Olmo 9, Sevilla.'),
    ('forget', 'Borra de tu memoria a mi exsocio Ramiro Vidal.'),
    ('forget', 'Lösch bitte alles, was du über meinen Ex Tobias Kern weißt.'),
    ('forget', 'Vergiss bitte meinen Geburtstag, den 3. März.'),
    ('forget', 'Apaga da memória o nome da minha psicóloga, Dra. Inês Moura.'),
    ('forget', 'Esquece o meu antigo emprego na Lusoplast, por favor.'),
    ('forget', 'Cancella tutto quello che sai su Gianni Ferri.'),
    ('forget', 'Non ricordarti più del mio numero di cellulare.'),
    ('forget', 'Забудь, пожалуйста, мою фамилию — Соколова.'),
    ('forget', 'Удали из памяти мой адрес: Невский проспект, 10.'),
    ('forget', '请忘掉我前男友张伟。'),
    ('forget', '把我的病情从你的记忆里删掉，我有抑郁症。'),
    ('forget', '私の元上司、鈴木さんのことは全部忘れて。'),
    ('forget', 'انسَ اسم شركتي السابقة، كانت تسمى الرواد.'),
    ('forget', 'मेरे पुराने बॉस अमित शर्मा को भूल जाओ।'),
    ('forget', 'yaar meri ex priya ko bhool jao'),
    ('forget', 'Vergeet mijn adres alsjeblieft: Kerkstraat 5, Utrecht.'),
    ('forget', 'Zapomnij o moim byłym szefie, Marku Nowaku.'),
    ('forget', '전 남자친구 이름은 잊어 주세요. 박준호예요.'),
    ('revoke', "You can remember Ilse Varga again, it's fine now."),
    ('revoke', 'Never mind my request to forget Denholm Freight — keep it.'),
    ('revoke', 'Tu peux de nouveau parler de Léa Fontaine.'),
    ('revoke', 'Ya no hace falta que olvides a Ramiro Vidal.'),
    ('revoke', 'Du kannst dich wieder an Tobias Kern erinnern.'),
    ('revoke', 'Pode voltar a lembrar-se da Inês Moura.'),
    ('revoke', 'Puoi di nuovo parlare di Gianni Ferri.'),
    ('revoke', 'Можешь снова вспоминать Соколову.'),
    ('revoke', '张伟的事你可以记住了。'),
    ('revoke', '鈴木さんのことはもう忘れなくていいよ。'),
    ('revoke', 'لا داعي لنسيان شركة الرواد بعد الآن.'),
    ('none', 'Can you remind me to call Ilse tomorrow?'),
    ('none', 'How do I delete my Instagram account?'),
    ('none', 'I can never remember the difference between affect and effect.'),
    ('none', 'Forget-me-nots are my favourite flowers, how do I grow them?'),
    ('none', "Oublie ça, tu peux m'aider avec une recette de crêpes ?"),
    ('none', '¿Cómo borro el historial del navegador?'),
    ('none', 'Ich vergesse ständig Namen. Hast du Tipps?'),
    ('none', 'Como apago uma mensagem no WhatsApp?'),
    ('none', 'Non ricordo dove ho messo le chiavi.'),
    ('none', 'Как удалить файл в Linux?'),
    ('none', '怎么删除微信聊天记录？'),
    ('none', '忘れ物をしないコツを教えて。'),
    ('none', 'كيف أحذف حسابي على فيسبوك؟'),
    ('none', 'मुझे चीज़ें याद रखने में मदद करो।'),
    ('none', "Forget about the budget for now, let's focus on the design."),
    ('none', "Let's forget the past and move on — what should our team do next quarter?"),
    ('none', 'The right to be forgotten: what does GDPR article 17 say?'),
    ('none', 'In the story, the hero must forget his name to escape. Continue it.'),
    ('none', 'Remember when we talked about Kasper? He got the job!'),
    ('none', 'Delete the second bullet point and shorten the summary.'),
    ('none', "Écris un poème sur l'oubli."),
    ('none', 'Erase the board and start the lesson on fractions.'),
]


@pytest.mark.parametrize(("intent", "text"), SECOND_BATCH)
def test_second_batch(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)



def test_keyword_gate_keeps_every_request_of_these_classes() -> None:
    """The cascade's keyword gate (``_has_cue``) must pass every request above even without a rule: otherwise a
    phrasing the rules miss would never reach the classifier."""
    from guardgraph.agents.watchdog import _candidates, _has_cue, _normalise

    requests = (RETENTION + CONSENT + PRETEND_UNKNOWN + NEVER_TOUCH_JA + ERASE_HINGLISH_SV + MORE_FORGET + REVOKE
                + MORE_REVOKE + [t for intent, t in SECOND_BATCH if intent != "none"])
    missed = [t for t in requests if not (_candidates(_normalise(t)) or _has_cue(_normalise(t)))]
    assert not missed, missed


# A third batch, mostly near-misses of the new rules (role play, "I changed my mind about dinner", gerund subjects,
# devices that forget, undoing document edits); it found "pretend you don't know the answer and let me guess"
# (a game) and "Stop remembering old grudges is my resolution" (a gerund subject), both fixed as classes.
THIRD_BATCH = [
    ('none', "Act like you're a pirate and tell me a story."),
    ('none', "Pretend you don't know the answer and let me guess: what's 12 x 12?"),
    ('none', 'I changed my mind about the dinner: can you suggest a vegan recipe instead?'),
    ('none', 'Cambié de opinión sobre el viaje: ¿puedes buscar vuelos a Roma?'),
    ('none', "Stop remembering old grudges is my new year's resolution — any tips?"),
    ('none', 'Quiero dejar de recordar cosas tristes, ¿algún consejo?'),
    ('none', 'Не храни обиды, это вредно — как это сказать по-английски?'),
    ('none', 'Ich widerrufe meinen Vertrag mit dem Fitnessstudio — wie schreibe ich das?'),
    ('none', "Je retire ce que j'ai dit sur la réunion, elle était utile."),
    ('none', "I withdraw my earlier question about taxes, let's talk about cars."),
    ('none', 'My phone keeps forgetting the wifi password. How do I fix it?'),
    ('none', 'Mi ordenador olvidó la contraseña del wifi, ¿cómo lo arreglo?'),
    ('none', 'For this role-play, you are a shopkeeper who never heard of credit cards.'),
    ('none', 'Forget the second option, go with the first one.'),
    ('none', 'Olvida lo que dije del color, mejor que sea azul.'),
    ('none', 'Lascia perdere il ristorante, meglio cucinare a casa.'),
    ('none', 'Vergiss den Bus, lieber laufen wir.'),
    ('none', '我忘记带钥匙了，怎么办？'),
    ('none', '아까 한 말은 잊어버렸어, 다시 말해 줄래?'),
    ('none', 'Undo the last change in the document.'),
    ('none', 'Can you undo the formatting you just applied?'),
    ('none', "Who is Rafferty Quill? I don't know who he is."),
    ('none', 'I told you to forget the cake, now buy some bread.'),
    ('none', 'Dont store the eggs in the door, they go bad faster.'),
    ('forget', 'Hey, forget that I told you about my divorce lawyer, Hanne Moss.'),
    ('forget', 'I no longer consent to you keeping my IBAN, DE44 5001 0517 5407 3249 31.'),
    ('forget', 'Treat Ferro Dynamics as if it never existed.'),
    ('forget', 'Stop keeping notes about my son Elias.'),
    ('forget', 'Ne te souviens plus de mon ancien patron, Karim Benali.'),
    ('forget', 'Por favor, deja de guardar mi correo: lucia.r@example.es'),
    ('forget', 'Vergiss endgültig meine alte Adresse, Lindenweg 4, Kassel.'),
    ('forget', 'Não quero que te lembres da minha ex, a Joana Reis.'),
    ('forget', 'Dimenticati del mio ex capo, Franco Gatti.'),
    ('forget', 'Больше не вспоминай моего брата Олега.'),
    ('forget', '以后不要再提我的前同事刘洋了。'),
    ('forget', '元夫の名前（佐藤健一）は記憶から消してください。'),
    ('forget', 'أرجو ألا تتذكر اسم طبيبي النفسي، د. سامي حداد.'),
    ('forget', 'मेरे भाई राहुल के बारे में सब कुछ भूल जाओ।'),
    ('revoke', 'Okay, you may remember Hanne Moss again.'),
    ('revoke', 'Scratch my request to forget Ferro Dynamics.'),
    ('revoke', "Je retire ma demande d'oubli concernant Karim Benali."),
    ('revoke', 'Puedes volver a recordar mi correo.'),
    ('revoke', 'Du darfst dir Lindenweg 4 wieder merken.'),
    ('revoke', '刘洋的事可以再提了。'),
    ('revoke', 'Можешь опять говорить про Олега.'),
]


@pytest.mark.parametrize(("intent", "text"), THIRD_BATCH)
def test_third_batch(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


# Discretion toward one named person is not a forget request; disclosure to everyone else is.
@pytest.mark.parametrize(("intent", "text"), [
    ("none", "Please don't mention the surprise party to Tom!"),
    ("none", "Never mention my diagnosis to my boss."),
    ("forget", "Never mention my phone number 555-0142 to anyone."),
    ("forget", "Do not tell my address to other users, ever."),
    ("forget", "Never share my email, k.osei@example.org, with anyone."),
])
def test_secret_from_one_person_vs_everyone(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


# Fourth and fifth batches: chat-style erase requests in every language, the user's own forgetting, change of plan
# and draft edits in de / pt / ru / zh / ja, and questions about forgetting. They found five classes, each fixed
# structurally: an infinitive or a title as the subject of "is" ("Vergessen ist menschlich", "Forget Me Not is a
# song"), Japanese information questions, sentence-level edits in Japanese, an erase verb on the user's own data
# without a memory cue ("lösch meine nummer"), the Chinese 把 construction ("把我的名字忘掉"); and hypothetical
# questions ("If I asked you to forget X, would you?").
FOURTH_BATCH = [
    ('none', "J'ai complètement oublié l'anniversaire de ma sœur, quoi lui offrir ?"),
    ('none', "Hab's vergessen, wie man Kuchen backt. Rezept?"),
    ('none', 'Eu esqueci o nome daquele ator de Matrix.'),
    ('none', 'Mi sono scordato di comprare il latte.'),
    ('none', 'Забыла зарядку дома, где можно купить?'),
    ('none', 'この課題では、インターネットを知らないふりをして作文を書いてください。'),
    ('none', '在这个练习里，请假装你不知道答案，一步步推理。'),
    ('none', 'Vergiss die Einleitung, fang direkt mit dem Ergebnis an.'),
    ('none', 'Esquece a introdução, começa o texto com uma pergunta.'),
    ('none', 'Забудь про поезд, лучше поедем на машине.'),
    ('none', '火车就算了，不如我们开车去吧。'),
    ('none', '電車はやめて、代わりにバスで行こう。'),
    ('none', 'Oublie les pâtes, on fait plutôt une salade ?'),
    ('none', "Do you remember what I said about the trip? Let's plan it."),
    ('none', 'Te acuerdas de cuando hablamos de Lisboa? Quiero volver.'),
    ('none', 'My grandma has dementia and forgets everyone. How can I support her?'),
    ('none', "Wipe the table after dinner, that's the rule at our house."),
    ('none', "Please don't mention the surprise party to Tom!"),
    ('none', 'Clear the cache in Chrome, how?'),
    ('none', 'Remove the duplicate rows from this CSV.'),
    ('forget', "Quick thing before my question: please forget my old address, 9 Ivy Close, York. Now, what's a good pasta recipe?"),
    ('forget', "Long story short, I left Pellham Group last month. Please don't remember that I ever worked there."),
    ('forget', "Oublie l'adresse que je t'ai donnée hier, 5 rue Pasteur, Nantes."),
    ('forget', 'Olvídate de mi antiguo trabajo en Grupo Teide.'),
    ('forget', 'Bitte lösche meinen Namen aus deinem Gedächtnis: Heike Lorenz.'),
    ('forget', 'Esquece tudo o que sabes sobre o meu irmão Rui.'),
    ('forget', 'Elimina dalla tua memoria il mio codice fiscale RSSMRA80A01H501U.'),
    ('forget', 'Сотри из памяти мою дату рождения — 12 мая 1990.'),
    ('forget', '请把我的邮箱 li.na@example.cn 从记忆中删除。'),
    ('forget', '私の電話番号（090-1234-5678）は忘れてください。'),
    ('forget', 'امسح عنواني من ذاكرتك: شارع النيل 14، القاهرة.'),
    ('forget', 'मेरा फोन नंबर 98765 43210 भूल जाओ।'),
    ('forget', 'Can you unlearn everything about my ex, Sofia Marin?'),
    ('forget', "Don't ever bring up Kestrel Harbour again."),
    ('revoke', "You're allowed to mention Pellham Group again."),
    ('revoke', 'Ya no tienes que olvidar Grupo Teide.'),
    ('revoke', 'Tu peux à nouveau te souvenir de la rue Pasteur.'),
    ('revoke', 'Du musst Heike Lorenz nicht mehr vergessen.'),
    ('none', 'Comment supprimer mon compte Netflix ?'),
    ('none', 'Efface le tableau et recommence le calcul.'),
    ('none', "Oublier quelqu'un qu'on aime, c'est possible ?"),
    ('none', 'Olvidar a un ex lleva tiempo, ¿verdad?'),
    ('none', 'Borra la última línea del código y compílalo.'),
    ('none', 'Wie lösche ich meinen Browserverlauf in Firefox?'),
    ('none', 'Vergessen ist menschlich, sagt mein Opa.'),
    ('none', 'Como esquecer uma pessoa que te magoou?'),
    ('none', 'Apaga a luz da sala quando saíres.'),
    ('none', 'Come si cancella un account Google?'),
    ('none', 'Dimenticare è una benedizione, diceva Nietzsche?'),
    ('none', 'Как забыть бывшего? Дай советы.'),
    ('none', 'Удали лишние пробелы из этого текста.'),
    ('none', '怎样才能忘记一个人？'),
    ('none', '把这段话里的错别字删掉。'),
    ('none', '忘れられない思い出ってある？'),
    ('none', 'このメールの最後の文を削除して。'),
    ('none', 'كيف أنسى شخصًا أحببته؟'),
    ('none', 'मैं अपने एक्स को कैसे भूलूँ?'),
    ('none', '전 여자친구를 잊는 방법이 있을까요?'),
    ('none', 'Hoe vergeet ik een ex?'),
    ('none', 'Jak zapomnieć o byłym?'),
    ('none', 'Eski sevgilimi nasıl unuturum?'),
    ('none', 'Forget Me Not is such a beautiful song by Lukas Graham.'),
    ('none', 'Do you ever forget things between chats?'),
    ('none', 'Will you remember this conversation tomorrow?'),
    ('none', 'Tu te souviendras de moi demain ?'),
    ('none', '¿Recuerdas lo que te conté ayer?'),
    ('forget', 'efface mon numéro stp 06 11 22 33 44'),
    ('forget', 'borra mi nombre de tu memoria porfa'),
    ('forget', 'lösch meine nummer bitte'),
    ('forget', 'apaga meu endereço da sua memória pfv'),
    ('forget', 'cancella il mio nome dalla tua memoria'),
    ('forget', 'удали мой номер из памяти'),
    ('forget', '把我的名字忘掉吧'),
    ('forget', '私の名前を記憶から消して'),
    ('forget', 'احذف اسمي من ذاكرتك'),
    ('forget', 'मेरा नाम अपनी याददाश्त से मिटा दो'),
    ('none', 'If I asked you to forget my address, would you really forget it?'),
    ('none', 'Si te pidiera que olvides mi nombre, ¿lo harías?'),
    ('none', '如果我让你忘记我的名字，你会忘吗？'),
]


@pytest.mark.parametrize(("intent", "text"), FOURTH_BATCH)
def test_fourth_batch(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


# Sixth batch: a category then its value in every language, and revokes of many shapes. Found: the user's own
# category in Arabic / Hindi / Chinese / Japanese ("انسَ أين أعمل"), the Hindi pronoun back-reference ("X, वो भूल जाओ"),
# "you can keep X in mind", and a forget whose object is the earlier forget request ("olvida lo que te dije de
# olvidar X", "vergiss meine Bitte, X zu vergessen"), which is a revoke.
SIXTH_BATCH = [
    ('forget', "I'd like you to forget the name of my first school. It was St. Brigid's Academy."),
    ('forget', "Forget what my job is. I'm a nurse at Harrow General."),
    ('forget', "Oublie où j'habite. C'est au 12 allée des Pins, Rennes."),
    ('forget', 'Olvida cómo se llama mi empresa: Tecnoandes S.A.'),
    ('forget', 'Vergiss, wo ich arbeite. Es ist die Firma Brandt & Söhne.'),
    ('forget', 'Esquece onde eu trabalho. É a Construtora Vale Verde.'),
    ('forget', 'Dimentica dove lavoro, cioè la Fonderia Moretti.'),
    ('forget', 'Забудь, где я работаю. Это компания «Северсталь-Инвест».'),
    ('forget', '忘掉我在哪里工作，是华强电子。'),
    ('forget', '私がどこで働いているか忘れて。ヤマト物流です。'),
    ('forget', 'انسَ أين أعمل، إنها شركة الأفق.'),
    ('forget', 'मैं कहाँ काम करता हूँ, वो भूल जाओ। कंपनी का नाम सिंह ट्रेडर्स है।'),
    ('revoke', "Okay I've reconsidered — you can keep St. Brigid's Academy in mind."),
    ('revoke', "Annule ma demande d'oublier Rennes."),
    ('revoke', 'Olvida lo que te dije de olvidar Tecnoandes, puedes recordarla.'),
    ('revoke', 'Vergiss meine Bitte, Brandt & Söhne zu vergessen.'),
    ('revoke', 'Pode lembrar da Construtora Vale Verde de novo.'),
    ('revoke', 'Non devi più dimenticare la Fonderia Moretti.'),
    ('revoke', 'Отмени просьбу забыть «Северсталь-Инвест».'),
    ('revoke', '华强电子你可以重新记住了。'),
    ('revoke', 'ヤマト物流のことは覚えていていいよ。'),
    ('revoke', 'يمكنك أن تتذكر شركة الأفق مرة أخرى.'),
    ('revoke', 'सिंह ट्रेडर्स को भूलने की ज़रूरत नहीं है।'),
    ('revoke', 'unforget harrow general pls'),
    ('none', "What's the name of your company? I forgot."),
    ('none', 'I changed my mind, I want tea instead of coffee.'),
    ('none', "Forget work for a second — what's a fun weekend plan?"),
    ('none', 'Mi jefe me pidió que olvidara el asunto, ¿qué opinas?'),
    ('none', 'Он попросил меня забыть об этом. Как быть?'),
    ('none', '她让我忘了她，我该怎么办？'),
]


@pytest.mark.parametrize(("intent", "text"), SIXTH_BATCH)
def test_sixth_batch(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


# Seventh batch: real requests that the new vetoes must leave alone ("mejor así" is not a change of plan, "I forgot
# to say: forget X" keeps its request, a redraft about "my ex" is still a request about a person).
SEVENTH_BATCH = [
    ('forget', 'Olvida a mi ex Raúl Medina, mejor así.'),
    ('forget', 'Esquece o Tiago Lopes, melhor assim.'),
    ('forget', 'Dimentica Giulia Conti, meglio così.'),
    ('forget', 'Vergiss Lena Vogt, besser so.'),
    ('forget', 'I forgot to say earlier: please forget my old address, 4 Mill Lane, Bath.'),
    ('forget', "J'ai oublié de te dire : oublie mon ancien numéro, 06 98 76 54 32."),
    ('forget', 'Forget my ex Daniel Ortiz, and start the letter again without his name.'),
    ('forget', 'For the rest of our chats, forget my maiden name, Kowalczyk.'),
    ('forget', 'Please forget my manager Ellen Price — she left, better not to mention her.'),
    ('forget', 'Forget Orrin Vale. Instead, remember that my new manager is Priya.'),
    ('none', 'Forget the tram, better we walk along the river.'),
    ('none', 'Olvida el plan A, mejor probamos el plan B.'),
    ('none', 'I totally forgot the meeting with Ellen Price, can you draft an apology?'),
    ('none', 'Erase the sketch and start the drawing with a circle.'),
    ('none', 'I keep forgetting my keys. How do I remember things better?'),
    ('none', 'I forgot my password, how do I remember it next time?'),
]


@pytest.mark.parametrize(("intent", "text"), SEVENTH_BATCH)
def test_seventh_batch(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


# Eighth batch: the task-scope, redraft, change-of-plan and user-forgot classes in ko / ru / ar / hi / zh / ja, and
# honorifics (様, 님, Frau Dr., name + patronymic) in requests and revokes. Found: draft edits in ru / zh / ja.
EIGHTH_BATCH = [
    ('none', '이 연습에서는 세종대왕을 모르는 척하고 이 글을 평가해 줘.'),
    ('none', 'Для этого упражнения забудь всё, что знаешь о Пушкине, и разбери стих.'),
    ('none', 'في هذا التمرين، انسَ ما تعرفه عن المتنبي وحلل القصيدة.'),
    ('none', 'इस अभ्यास में प्रेमचंद को भूल जाओ और कहानी की समीक्षा करो।'),
    ('none', 'Забудь официальное приветствие, начни письмо с «Привет, Саша».'),
    ('none', '开头的客套话就算了，信的开头直接写“嗨，小王”。'),
    ('none', 'انسَ الفندق، ما رأيك في التخييم بدلاً من ذلك؟'),
    ('none', 'होटल भूल जाओ, उसकी बजाय कैंपिंग करते हैं।'),
    ('none', '호텔은 잊어, 대신 캠핑 가자.'),
    ('none', 'मैं अपना पासवर्ड भूल गई हूँ, क्या करूँ?'),
    ('forget', '山田様のことは、今後一切話題にしないでください。'),
    ('forget', '박지훈 님에 대한 건 다 잊어 주세요.'),
    ('forget', 'Bitte vergiss Frau Dr. Keller vollständig.'),
    ('forget', 'Забудь Анну Сергеевну, пожалуйста.'),
    ('revoke', '山田様のこと、また話してもいいですよ。'),
    ('revoke', '박지훈 님 얘기 다시 해도 괜찮아요.'),
    ('revoke', 'Du darfst Frau Dr. Keller wieder erwähnen.'),
    ('revoke', 'Можешь снова говорить об Анне Сергеевне.'),
    ('none', '忘掉正式的称呼，信的开头直接写“嗨”。'),
    ('none', '堅苦しい挨拶は忘れて、書き出しは「やあ」にして。'),
]


@pytest.mark.parametrize(("intent", "text"), EIGHTH_BATCH)
def test_eighth_batch(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


# Retention verbs in programming questions: data stored by software is not the user's data held by the assistant.
@pytest.mark.parametrize("text", [
    "Stop storing data in localStorage, use IndexedDB instead.",
    "My app should stop saving user data to disk, how?",
    "Deja de guardar datos en la caché.",
    "Smetti di salvare i dati nella cache.",
    "Stop storing passwords in plain text!",
])
def test_retention_verbs_in_programming_are_not_requests(text: str) -> None:
    assert detect_intent(text).intent == "none", detect_intent(text)


# An erase verb on the user's own data: a request about the assistant's memory, unless it edits a text or a list.
@pytest.mark.parametrize(("intent", "text"), [
    ("none", "Remove my name from the document header."),
    ("none", "Delete my number from the group chat list, I'll re-add it."),
    ("none", "Borra mi nombre de la lista de asistentes en el texto."),
    ("none", "Lösch meine Adresse aus dem Briefkopf."),
    ("none", "Please remove my name from this CV and replace it with NAME."),
    ("none", "Entferne meinen Namen aus dem Text."),
    ("forget", "Please erase my phone number, 555-0101."),
    ("forget", "Delete my email from your records: a.b@example.com"),
    ("forget", "Supprime mon adresse de ta mémoire."),
])
def test_erase_own_data_vs_document_edit(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)


@pytest.mark.parametrize(("intent", "text"), [
    ("none", "meri file delete kar do"),
    ("none", "meri photo hata do"),
    ("forget", "mera number delete kar do plz"),
    ("none", "Act like you don't know me when we meet at the party, lol."),
])
def test_hinglish_erase_and_act_unknown_near_misses(intent: str, text: str) -> None:
    assert detect_intent(text).intent == intent, detect_intent(text)

