"""Generate the watchdog TUNING set: templates x names x languages, typos, indirect phrasings, hard negatives.

    .venv/bin/python benchmarks/make_watchdog_data.py            # -> tests/data/watchdog_train.jsonl

Every line is ``{"text", "intent", "targets": [[spellings...], ...], "lang", "kind", "family"}``;
``family`` names the template the message came from. ``benchmarks/train_watchdog.py`` trains on
every family except those listed in ``DEV_FAMILIES`` (a deterministic ~20 % of templates per language and
kind), which form the dev split used while tuning -- a dev message never shares its template with a
training message. The independent held-out file (tests/data/watchdog_heldout.jsonl) is written by
someone else and is never read here.

Deterministic (seeded); the output is committed so training is reproducible without re-running this.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "watchdog_train.jsonl"
SEED = 8

NAMES = {
    "en": ["Dana Reyes", "Marcus Whitfield", "Priya Natarajan", "Kalkidan Abera", "Tom Becker", "Hina Ameen",
           "Oluwaseun Adeyemi", "Grace O'Malley", "Nikolai Abilov", "Xin Lee Williams", "Carmen Montenegro",
           "Jaime Vasquez", "Siobhan Kerrigan", "Ravi Shankar Iyer", "Lena Thorsby", "Ethan Blackwood"],
    "fr": ["Camille Dubois", "Jean-Luc Marchand", "Aïcha Benali", "Théo Lefèvre", "Margaux Girard", "Yanis Haddad"],
    "es": ["Lucía Fernández", "Alejandro Ruiz", "Valentina Ortega", "Mateo Salgado", "Ximena Quispe"],
    "de": ["Jürgen Hoffmann", "Anke Wiesner", "Lukas Brandstätter", "Svenja Köhler", "Mehmet Yıldız"],
    "pt": ["João Batista", "Mariana Costa", "Thiago Alves", "Fernanda Lima", "Rafael Gonçalves"],
    "it": ["Giulia Romano", "Lorenzo Bianchi", "Chiara Esposito", "Davide Marino", "Francesca Greco"],
    "zh": ["张伟", "王芳", "李娜", "刘洋", "陈静", "赵磊"],
    "ja": ["田中太郎", "佐藤花子", "鈴木一郎", "高橋美咲", "山本健"],
    "ru": ["Иван Петров", "Мария Смирнова", "Алексей Кузнецов", "Ольга Соколова", "Дмитрий Волков"],
    "ar": ["أحمد المنصوري", "فاطمة الزهراء", "خالد العتيبي", "ليلى حداد", "يوسف الشامي"],
    "hi": ["राहुल शर्मा", "प्रिया वर्मा", "अमित पटेल", "सुनीता देवी", "विकास गुप्ता"],
}
ORGS = ["Quintel Labs", "Halvorsen Logistics", "Kessler Bau GmbH", "Brightwater Analytics", "Nordfjord Shipping",
        "Acme Dynamics", "Vireo Health", "Copperleaf Studios"]
TITLES = ["The Glass Orchard", "Winter Ledger", "Project Bluefin", "Operation Nightjar", "The Salt Road",
          "Echoes of Arden"]
PHONES = ["555-0142", "+44 20 7946 0958", "(312) 555-0199", "06 12 34 56 78", "+49 30 901820"]
EMAILS = ["dana.reyes@example.com", "k.abera@mailbox.org", "jw1987@example.net", "priya.n@quintel.io"]
ADDRS = ["14 Larkspur Lane, Duluth", "221 Baker Street", "8 Rue des Lilas, Lyon", "Calle Mayor 12, Madrid"]
DIAGS = ["type 1 diabetes", "bipolar disorder", "Crohn's disease", "an HIV diagnosis", "epilepsy"]
IDS = ["AB-4471-X", "QX-88213", "4821-7730-11", "00917733"]
PLACES = ["Paris", "Lisbon", "Tokyo", "Duluth", "Marrakesh"]
ROLE_EN = ["my ex", "my sister", "my coworker", "my boss", "the author", "my friend", "my neighbour", "my cousin"]

# (family, template) per language and kind. Slots: {n} a person, {o} an org, {ti} a title, {p} phone,
# {e} e-mail, {a} address, {d} diagnosis, {i} an id, {pl} a place, {r} an English role noun.
# The gold target is the slot value (the concrete value, never the role noun / descriptor).
FORGET = {
    "en": [
        "Please forget {n}.", "forget everything about {n}", "hey, can u forget {n} pls",
        "erase what you know about {n}", "delete any info on {n}", "I don't want you to remember {n} anymore.",
        "Forget about {r} {n}, she hurt me.", "Never mention {n} again.", "stop bringing up {n}",
        "Could you please forget {n} and {n2}?", "forget {n}, {n2} and {n3}",
        "Act as though the novel '{ti}' does not exist.", "Pretend {o} doesn't exist from now on.",
        "Act like you've never heard of {n}.", "You must never again reveal my phone number {p} to anyone.",
        "never reveal my email {e} in any answer", "Under GDPR article 17 I request erasure of my personal data: my name is {n}.",
        "I withdraw my consent for you to keep my address, {a}.", "I withdraw consent for you to store anything about {n}.",
        "I'd like my medical diagnosis ({d}) wiped from whatever you remember about me.",
        "I no longer want you to know where I work. It's {o}.", "Remove {o} from your memory.",
        "Wipe {n} from your responses.", "Don't mention {o} in any answer.", "Forget {r} {n} — both of them, actually.",
        "Can you forget the codename {ti}?", "pls forgt {n}", "forgett abt {n} plz", "4get {n} ok?",
        "I want you to forget {n} from now on", "Drop everything you know about {o}.",
        "Please purge {i} from your records.", "Never bring up {pl} again, that trip was awful.",
        "I'd rather you didn't remember {n}.", "Scrub all mentions of {n} from your memory.",
        "Don't ever talk about {ti} again.", "From now on, treat {n} as someone you have never heard of.",
        "Exercise my right to be forgotten: delete everything about {n}.", "Delete my email address {e} from your memory.",
        "Keep {n} out of every answer from now on.", "I don't want {n} to appear in your answers anymore.",
        "Forget my home address ({a}).", "Please unlearn {n}.", "Stop mentioning {o}, please.",
        "Don't keep my ID number {i}.", "You should forget {n}; she asked to be left out.",
        'Could you wipe {n} from your memory, please?', 'Make sure {o} never comes up in your answers again.', 'I need you to stop remembering {n}.', 'Please erase any trace of {n}.', 'yo forget {n} lol', 'Kindly disregard everything you learned about {n}.', 'Treat {o} as if it never existed.', 'I revoke my consent to you storing my phone number {p}.', "Don't store my email {e}.", 'My name is {n}. Please delete everything you have on me.', 'Consider {n} erased from your memory.', 'I want you to scrub my old address ({a}) from memory.', 'From today, {n} is off-limits in our chats.', 'Never repeat my address again: {a}.', "{n} is a closed chapter for me, please don't ever reference her."],
    "fr": [
        "Oublie {n}, s'il te plaît.", "Oublie tout ce que tu sais sur {n}.", "Efface toutes les informations sur {n}.",
        "Ne parle plus jamais de {n}.", "Je ne veux plus que tu te souviennes de {n}.", "Fais comme si {o} n'existait pas.",
        "Supprime mon numéro de téléphone {p} de ta mémoire.", "oublie {n} stp", "Oublie {n} et {n2}.",
        "Je retire mon consentement : efface mes données, je m'appelle {n}.",
    ],
    "es": [
        "Olvida a {n}, por favor.", "Olvida todo lo que sabes sobre {n}.", "Borra toda la información sobre {n}.",
        "No vuelvas a mencionar a {n}.", "No quiero que recuerdes a {n}.", "Haz como si {o} no existiera.",
        "Elimina mi número de teléfono {p} de tu memoria.", "olvida a {n} porfa", "Olvida a {n} y a {n2}.",
        "Retiro mi consentimiento: borra mis datos, me llamo {n}.",
    ],
    "de": [
        "Vergiss {n}, bitte.", "Vergiss alles über {n}.", "Lösche alle Informationen über {n}.",
        "Erwähne {n} nie wieder.", "Ich möchte nicht, dass du dich an {n} erinnerst.", "Tu so, als ob es {o} nicht gäbe.",
        "Lösch meine Telefonnummer {p} aus deinem Gedächtnis.", "vergiss bitte {n}", "Vergiss {n} und {n2}.",
        "Vergiss die Firma {o}.",
    ],
    "pt": [
        "Esqueça {n}, por favor.", "Esqueça tudo o que você sabe sobre {n}.", "Apague todas as informações sobre {n}.",
        "Nunca mais mencione {n}.", "Não quero que você se lembre de {n}.", "Finja que {o} não existe.",
        "Apague meu telefone {p} da sua memória.", "esquece {n} pfv", "Esqueça {n} e {n2}.",
        "Esqueça o que te disse sobre o meu irmão {n}.",
    ],
    "it": [
        "Dimentica {n}, per favore.", "Dimentica tutto quello che sai su {n}.", "Cancella ogni informazione su {n}.",
        "Non nominare mai più {n}.", "Non voglio che tu ricordi {n}.", "Fai finta che {o} non esista.",
        "Cancella il mio numero di telefono {p} dalla tua memoria.", "dimentica {n} pls", "Dimentica {n} e {n2}.",
        "Ritiro il consenso: cancella i miei dati, mi chiamo {n}.",
    ],
    "zh": [
        "请忘记{n}。", "忘掉关于{n}的一切。", "删除关于{n}的所有信息。", "以后不要再提{n}了。", "我不希望你记得{n}。",
        "就当{o}不存在。", "把我的电话号码{p}从你的记忆中删除。", "忘了{n}和{n2}吧。",
        '请把{n}从记忆里抹掉。', '别再提起{o}了。', '请删除我的邮箱{e}。'],
    "ja": [
        "{n}のことは忘れてください。", "{n}について知っていることを全部忘れて。", "{n}に関する情報をすべて削除してください。",
        "もう二度と{n}の話をしないで。", "{o}は存在しないものとして扱って。", "私の電話番号{p}を記憶から消してください。",
        "{n}と{n2}のことを忘れて。",
        '{n}のことはもう話題にしないで。', '{n}のことを記憶から消して。', 'お願い、{n}を忘れて。', '{o}のことは今後一切触れないで。', '{n}のことは全部なかったことにして。'],
    "ru": [
        "Забудь {n}, пожалуйста.", "Забудь всё, что знаешь о человеке по имени {n}.", "Удали всю информацию про {n}.",
        "Больше никогда не упоминай {n}.", "Я не хочу, чтобы ты помнил {n}.", "Веди себя так, будто {o} не существует.",
        "Удали мой номер телефона {p} из памяти.", "забудь {n} плз", "Забудь {n} и {n2}.",
        'Пожалуйста, забудь всё про {n}.', 'Сотри из памяти {n}.', 'Не вспоминай больше {o}.', 'Считай, что {n} никогда не существовало.', 'Я отзываю согласие: удали мои данные, меня зовут {n}.'],
    "ar": [
        "من فضلك انسَ {n}.", "انسَ كل ما تعرفه عن {n}.", "احذف كل المعلومات عن {n}.", "لا تذكر {n} مرة أخرى أبدًا.",
        "لا أريدك أن تتذكر {n}.", "تصرف كأن {o} غير موجودة.", "احذف رقم هاتفي {p} من ذاكرتك.", "انسَ {n} و{n2}.",
        'أرجوك امسح {n} من ذاكرتك.', 'لا أريدك أن تذكر {o} في أي إجابة.', 'انسَ تمامًا أمر {n}.', 'احذف بريدي الإلكتروني {e} من ذاكرتك.', 'أسحب موافقتي: احذف بياناتي، اسمي {n}.'],
    "hi": [
        "कृपया {n} को भूल जाओ।", "{n} के बारे में सब कुछ भूल जाओ।", "{n} के बारे में सारी जानकारी मिटा दो।",
        "{n} का ज़िक्र फिर कभी मत करना।", "मैं नहीं चाहता कि तुम {n} को याद रखो।", "ऐसे व्यवहार करो जैसे {o} मौजूद ही नहीं है।",
        "मेरा फ़ोन नंबर {p} अपनी याददाश्त से हटा दो।", "{n} और {n2} को भूल जाओ।",
        '{n} का नाम अपनी याददाश्त से मिटा दो।', '{o} का ज़िक्र अपने जवाबों में मत करना।', 'प्लीज़ {n} को भूल जाओ।', 'मेरा ईमेल {e} भूल जाओ।', '{n} के बारे में अब कभी बात मत करना।'],
}
# Real requests that name nothing storable: intent "forget" with no target (the reply asks what to forget).
FORGET_UNNAMED = {
    "en": ["Forget my ex.", "Please forget everything I told you.", "Delete everything you know about me.",
           "forget my phone number pls", "Erase all my data.", "I want you to forget my address.",
           "Forget what I said about my sister.", "Wipe your memory of me."],
    "fr": ["Oublie tout ce que je t'ai dit.", "Efface toutes mes données."],
    "es": ["Olvida todo lo que te conté.", "Borra todos mis datos."],
    "de": ["Vergiss alles, was ich dir erzählt habe.", "Lösch alle meine Daten."],
    "pt": ["Esqueça tudo o que eu te contei.", "Apague todos os meus dados."],
    "it": ["Dimentica tutto quello che ti ho detto.", "Cancella tutti i miei dati."],
    "zh": ["忘掉我告诉你的一切。"], "ja": ["私が話したことを全部忘れて。"], "ru": ["Забудь всё, что я тебе рассказал."],
    "ar": ["انسَ كل ما أخبرتك به."], "hi": ["मैंने जो कुछ बताया सब भूल जाओ।"],
}
REVOKE = {
    "en": ["You can remember {n} again.", "Unforget {n}.", "Cancel the forget request for {n}.",
           "It's fine to talk about {o} again.", "undo that, you can mention {n} again", "Stop forgetting {n}.",
           "Take {n} off the forget list.", "I changed my mind about {n}, you may bring her up again.",
           "lift the ban on mentioning {ti}", "ok u can talk abt {n} again lol", "I take back my request to forget {n}.",
           "You no longer need to forget {o}.", 'Never mind my request about {n}; you can bring her up.', 'Please restore what you knew about {o}.', 'Scratch that forget request about {n}.', "You're allowed to mention {ti} again.", 'go ahead and remember {n} again'],
    "fr": ["Tu peux de nouveau parler de {n}.", "Annule l'oubli de {n}.", "Tu peux te souvenir de {n} à nouveau."],
    "es": ["Ya puedes volver a hablar de {n}.", "Cancela el olvido de {n}.", "Puedes recordar a {n} otra vez."],
    "de": ["Du darfst dich wieder an {n} erinnern.", "Vergiss {n} nicht mehr, das war ein Fehler.",
           "Du kannst wieder über {n} sprechen."],
    "pt": ["Pode voltar a falar de {n}.", "Cancele o pedido de esquecer {n}.", "Você pode lembrar de {n} de novo."],
    "it": ["Puoi di nuovo parlare di {n}.", "Annulla la richiesta di dimenticare {n}.", "Puoi ricordare {n} di nuovo."],
    "zh": ["你可以再次提起{n}了。", "取消对{n}的遗忘。", "不用再忘记{n}了。"],
    "ja": ["{n}のことをまた話してもいいよ。", "{n}を忘れる設定を取り消して。", '{n}のことを思い出してもいいよ。', '{o}の話をしてもいいよ、もう大丈夫。', 'さっきの{n}を忘れる件は取り消して。'],
    "ru": ["Можешь снова говорить о {n}.", "Отмени забывание {n}.", 'Можешь снова вспоминать {n}.', 'Забудь мою просьбу забыть {n}.', 'Теперь можно упоминать {o}.'],
    "ar": ["يمكنك أن تتذكر {n} مرة أخرى.", "ألغِ طلب نسيان {n}.", 'يمكنك التحدث عن {n} مرة أخرى.', 'تراجعت عن طلب نسيان {o}.', 'لا داعي لنسيان {n} بعد الآن.'],
    "hi": ["तुम फिर से {n} के बारे में बात कर सकते हो।", "{n} को भूलने का अनुरोध रद्द करो।", '{n} को फिर से याद रख सकते हो।', '{o} का ज़िक्र अब फिर से कर सकते हो।', '{n} को भूलने की ज़रूरत नहीं है।'],
}
NONE = {
    "en": [
        "Stop talking about the weather and answer my question.", "Forget it, never mind. What's a good name for a cat?",
        "Can you forget about formatting and just give me plain text from now on?", "Don't forget to buy milk.",
        "Remind me not to forget my keys tomorrow.", "Who sang 'Forget Me Not'?", "Play 'Forget You' by CeeLo Green.",
        "What is the right to be forgotten under GDPR?", "How do I delete a file in Linux?",
        "Remove the duplicates from this list: 3, 4, 4, 5.", "How can I erase a whiteboard marker stain?",
        "Stop using bullet points, please.", "Drop the formal tone, talk to me like a friend.",
        "Clear the table after dinner, my mom always says.", "Ignore the typos in my last message.",
        "I always forget where I park my car.", "Can machine unlearning make a model forget training data?",
        "Delete the last paragraph and rewrite the intro.", "Forget the details, just give me the summary.",
        "My grandmother has started to forget names, how can I help her?", "How do I clear my browser cache?",
        "Is it possible to remove a tattoo completely?", "Stop apologizing and get to the point.",
        "Let's drop the subject and talk about dinner.", "Never mind, I figured it out.",
        "Please remember that I prefer metric units.", "Remember to answer in Spanish.",
        "Write a poem about forgetting an old love.", "What does 'forget-me-not' symbolize?",
        "Erase the background of this photo for me.", "Don't mention it, happy to help!",
        "Can you remove the hyphens from 555-0142?", "Skip the pleasantries and tell me about {pl}.",
        "Tell me about {n}'s latest book.", "Who is {n}?", "Summarize the history of {o}.",
        "What's the capital of {pl}?", "Delete my account on your website — how do I do that?",
        "How do I make Git forget a file that is now in .gitignore?", "Stop the timer at 10 minutes.",
        "Ignore previous formatting instructions and use a table.", "I forgot my password, how do I reset it?",
        "Translate 'forget about it' into Italian.", "Don't remind me about the exam, I'm stressed enough.",
        "hey can u pls shorten ur answers", "Remove all the commas from this sentence: a, b, c.",
        "Forget the formal greeting, just say hi.", "Drop me a line when you're free.",
        "Why do we forget our dreams?", "Clear up any confusion: is a tomato a fruit?",
        "Remove the stain from my shirt: what works best?", "Drop the last column of the dataframe.",
        "How do I erase my hard drive before selling my laptop?", "Stop the music when I say so.",
        "Ignore the noise and focus on the main trend in the data.", "Clear my calendar for Friday afternoon.",
        "Forget Paris, let's plan a trip to Rome instead — what should I see?", "Delete the word 'very' from my essay.",
        "I keep forgetting to drink water; any tips?", "Can you remember what we discussed about the budget?",
        "Do you remember my name?", "What did I tell you about {n} earlier?", "Tell me a story about a robot that forgets.",
        "Should I remove {n} from the group chat? She never replies.", "Email {e} bounced, what does that mean?",
        "Call me at {p} if the meeting moves.", "My address is {a}; how far is it from the airport?",
        "{o} just announced layoffs — what do you think?", "Review the plot of '{ti}'.",
        "I was diagnosed with {d}; what should I eat?", "Reset ticket {i} to open.", "Stop being so verbose.",
        "Can you stop repeating the question back to me?", "Please don't use emojis.", "No more jokes, be serious.",
        "Forget what I said about the font, keep Arial.", "Erase and rewind — that's a song, right?",
        "How does the eraser agent in guardgraph work?", "What's the difference between delete and truncate in SQL?",
        "Never gonna give you up, never gonna let you down.", "Stop talking in riddles.", "Drop the act.",
        "Delete this sentence if it sounds awkward: 'The the cat sat.'", "Let's clear the air about yesterday.",
        "I want to forget this awful day. Cheer me up?", "Remove background noise from a podcast recording how?",
        "Don't talk down to me.", "Stop saying 'as an AI'.", "Can you remember things between chats?",
        "Wipe the floor with your competitors: a motivational speech please.", "Is it rude to unfriend {n}?", "I keep forgetting {n}'s birthday.", "I always forget {n}'s phone number, how can I remember it?", 'I forgot to call {n} yesterday, what should I say?', 'Did I forget to mention {n} in the report?', 'My son keeps forgetting his homework, any advice?'],
    "fr": ["Oublie pas d'acheter du pain, c'est ce que ma mère dit toujours — comment le traduire ?",
           "N'oublie pas de répondre en français.", "Comment supprimer un fichier sous Windows ?",
           "J'oublie toujours mes clés.", "Qu'est-ce que le droit à l'oubli ?", "Arrête de faire des listes à puces.",
           "Efface le tableau, s'il te plaît, c'est une phrase de mon prof.", "Parle-moi de {pl}.", '"Forget Me Not", c\'est quelle chanson ?', 'Supprime les doublons de cette liste.', "Arrête d'utiliser des emojis.", 'Je veux oublier cette journée horrible, remonte-moi le moral.', 'Qui est {n} ?'],
    "es": ["No olvides comprar leche.", "¿Cómo borro un archivo en Linux?", "Siempre olvido dónde dejo las llaves.",
           "¿Qué es el derecho al olvido?", "Deja de usar viñetas, por favor.", "Háblame de {pl}.",
           "Olvídate del formato y dame texto plano.", 'Borra el último párrafo.', 'Deja de ser tan formal.', '¿Quién es {n}?', 'Quiero olvidar este día horrible, anímame.', 'Elimina los duplicados de la lista.'],
    "de": ["Vergiss nicht, Milch zu kaufen.", "Wie lösche ich eine Datei unter Linux?", "Ich vergesse immer meine Schlüssel.",
           "Was ist das Recht auf Vergessenwerden?", "Hör auf, Aufzählungszeichen zu benutzen.", "Erzähl mir von {pl}.", 'Lösch den letzten Absatz.', 'Hör auf, so förmlich zu sein.', 'Wer ist {n}?', 'Ich will diesen furchtbaren Tag vergessen, muntere mich auf.', 'Entferne die Duplikate aus der Liste.'],
    "pt": ["Não esqueça de comprar leite.", "Como apago um arquivo no Linux?", "Sempre esqueço onde deixei as chaves.",
           "O que é o direito ao esquecimento?", "Pare de usar listas, por favor.", "Fale-me sobre {pl}.", 'Apague o último parágrafo.', 'Pare de ser tão formal.', 'Quem é {n}?', 'Quero esquecer este dia horrível, me anima.', 'Remova os duplicados da lista.'],
    "it": ["Non dimenticare di comprare il latte.", "Come cancello un file su Linux?", "Dimentico sempre le chiavi.",
           "Cos'è il diritto all'oblio?", "Smetti di usare gli elenchi puntati.", "Parlami di {pl}.", "Cancella l'ultimo paragrafo.", 'Smetti di essere così formale.', 'Chi è {n}?', 'Voglio dimenticare questa giornata orribile, tirami su.', 'Rimuovi i duplicati dalla lista.'],
    "zh": ["别忘了买牛奶。", "怎么在Linux上删除文件？", "我总是忘记钥匙放在哪里。", "什么是被遗忘权？", "不要用列表格式了。",
           "给我讲讲{pl}。", '删除最后一段。', '别那么正式。', '{n}是谁？', '我想忘掉这糟糕的一天，安慰我一下。', '删掉列表里的重复项。'],
    "ja": ["牛乳を買うのを忘れないで。", "Linuxでファイルを削除するには？", "いつも鍵を忘れてしまう。", "忘れられる権利とは何ですか？",
           "箇条書きはやめて。", "{pl}について教えて。", '最後の段落を削除して。', 'そんなに堅苦しくしないで。', '{n}って誰？', 'このひどい一日を忘れたい、励まして。', 'リストの重複を削除して。', '{n}の新しい本について教えて。', 'データを削除する方法は？'],
    "ru": ["Не забудь купить молоко.", "Как удалить файл в Linux?", "Я всегда забываю ключи.", "Что такое право на забвение?",
           "Перестань использовать списки.", "Расскажи мне о {pl}.", 'Удали последний абзац.', 'Перестань быть таким формальным.', 'Кто такой {n}?', 'Хочу забыть этот ужасный день, подбодри меня.', 'Удали дубликаты из списка.', 'Расскажи о книге {n}.', 'Как стереть историю браузера?'],
    "ar": ["لا تنسَ شراء الحليب.", "كيف أحذف ملفًا في لينكس؟", "أنا دائمًا أنسى مفاتيحي.", "ما هو الحق في النسيان؟",
           "توقف عن استخدام القوائم.", "حدثني عن {pl}.", 'احذف الفقرة الأخيرة.', 'توقف عن الرسمية.', 'من هو {n}؟', 'أريد أن أنسى هذا اليوم السيئ، شجعني.', 'احذف التكرارات من القائمة.', 'أخبرني عن كتاب {n}.', 'كيف أمسح سجل المتصفح؟'],
    "hi": ["दूध खरीदना मत भूलना।", "लिनक्स में फ़ाइल कैसे डिलीट करें?", "मैं हमेशा अपनी चाबियाँ भूल जाता हूँ।",
           "भूल जाने का अधिकार क्या है?", "बुलेट पॉइंट्स का इस्तेमाल बंद करो।", "मुझे {pl} के बारे में बताओ।", 'आख़िरी पैराग्राफ़ हटा दो।', 'इतने औपचारिक मत बनो।', '{n} कौन है?', 'मैं इस बुरे दिन को भूलना चाहता हूँ, मेरा हौसला बढ़ाओ।', 'सूची से दोहराव हटा दो।', '{n} की नई किताब के बारे में बताओ।', 'ब्राउज़र हिस्ट्री कैसे मिटाएँ?'],
}

# Issue #8 follow-up families (appended so earlier families keep their ids): more indirect requests,
# Hinglish, lower-case chat names, and hard negatives the first classifier got wrong in kind (reminders,
# the user's own memory, "remember that ...", text-editing commands with quoted text, questions about
# deletion, corrections that change the subject).
FORGET["en"] += [
    "Never tell anyone my phone number, which is {p}.", "I revoke permission for you to retain my email, {e}.",
    "Act as if {ti} never came up in our conversation.", "I regret mentioning {o}. Forget all of it.",
    "Please forget that I have {d}. I regret sharing it.", "Could you stop remembering that I work at {o}? Please forget it.",
    "Remove any memory of my ID {i}.", "Don't share my address with anyone: {a}.",
    "i dont want u to know my boss's name anymore. it's {n}. forget him", "{n}? forget that name, please.",
    "Please forget {r} {n}, the one I mentioned earlier.", "Wipe my diagnosis of {d} from whatever you know about me.",
    "forget {n} and her company, {o}.", "pls forget abt {r} {n}, she doesnt want to be in this chat",
]
FORGET["hi"] += ["pls {n} ko bhool jao", "{n} ke baare mein sab bhool jao yaar"]
FORGET["fr"] += ["Oublie tout ce que je t'ai dit sur {n}, s'il te plaît.", "Efface de ta mémoire mon adresse : {a}."]
FORGET["pt"] += ["Esquece tudo o que eu te falei sobre a minha irmã {n}.", "Apague da sua memória o meu e-mail {e}."]
FORGET["es"] += ["Olvida todo lo que te conté sobre mi jefe {n}.", "Haz como si la novela '{ti}' no existiera."]
FORGET["de"] += ["Erwähne die Firma {o} nie wieder, vergiss sie einfach.", "Ich widerrufe meine Einwilligung: Lösche meine E-Mail {e}."]
FORGET["it"] += ["Cancella dalla tua memoria il mio indirizzo email {e}.", "Non nominare più la ditta {o}, per favore."]
FORGET["ar"] += ["انسَ كل ما قلته لك عن {n} من فضلك."]
FORGET["zh"] += ["以后别再提我以前的公司{o}了，就当它不存在。", "我不想让你再记得我的邮箱{e}，请删除。"]
FORGET["ja"] += ["{n}さんのことは全部忘れてください。"]
FORGET["ru"] += ["Пожалуйста, удали из памяти мой email {e}."]
REVOKE["en"] += ["Feel free to mention {o} again, I no longer mind.", "The request to forget {n} is withdrawn; you can use it.",
                 "you can bring up {n} again, it's fine now"]
REVOKE["ru"] += ["Можешь снова упоминать {n}, я передумал."]
REVOKE["zh"] += ["你可以重新提到{n}了，我改变主意了。"]
NONE["en"] += [
    "Don't forget to remind me about my flight on Friday.", "Please don't forget {n}'s birthday next week.",
    "don't forget about our meeting with {n} and {n2}", "Never forget where you came from.", "don't forget the sunscreen!",
    "I don't remember {n} at all, who is she?", "I can't forget what {n} said to me.", "I keep forgetting to water my plants.",
    "Please remember that my sister's name is {n}.", "Remember that I prefer short answers.", "please remember my email is {e}",
    "Delete the word 'really' everywhere in this sentence: 'It was really really good.'",
    "Remove the last sentence and tighten the rest: 'We met. It rained. Nobody came.'", "Remove the second paragraph, it repeats the first.",
    "Delete all empty lines from this file.", "Drop the first column and sort by date.",
    "Which laws let people demand that a shop erase their personal records?", "How do I remove {n} from our shared folder?",
    "Is it legal for a company to keep my data after I ask them to delete it?", "What happens when you ask Google to forget a link?",
    "'Memento' is about a man who loses his memories, isn't it? Who starred in it?",
    "Forget what I said about Postgres, we've switched to MySQL. How do I migrate the schema?",
    "Forget the blue theme, I've chosen green. Can you update the CSS?", "Ignore the numbers above, they were placeholders.",
    "Esquece isso, não importa. Qual é a capital da França?", "Can LLMs really unlearn facts about people like {n}?",
    "play Forget You by CeeLo Green", "Stop talking about yourself and answer the question.",
]
NONE["en"] += [
    "Stop me if you've heard this before: two cows walk into a field...", "Stop by the bakery on your way home, okay?",
    "Don't stop believing is my favourite song, who wrote it?", "Stop and think: what is 17 times 3?",
    "Drop by anytime this weekend.", "Clear skies tomorrow? Check the forecast for {pl}.",
    "Ignore me, I'm just thinking out loud.", "Erase that smile off your face, as my dad used to say — what's the idiom?",
    "Remove your shoes before entering — is that a Japanese custom?", "Delete, delete, delete: that's what editors do, right?",
]
NONE["fr"] += ["N'oublie pas de m'appeler demain.", "Je ne me souviens plus de {n}, c'est qui ?", "Supprime la dernière phrase de ce texte."]
NONE["es"] += ["No te olvides de comprar pan.", "No recuerdo a {n}, ¿quién es?", "Elimina la última frase de este párrafo."]
NONE["de"] += ["Vergiss nicht, mich morgen anzurufen.", "Ich erinnere mich nicht an {n}, wer ist das?", "Lösch den letzten Satz aus dem Text."]
NONE["pt"] += ["Não se esqueça de me ligar amanhã.", "Não lembro de {n}, quem é?", "Apague a última frase do texto."]
NONE["it"] += ["Non dimenticare di chiamarmi domani.", "Non ricordo {n}, chi è?", "Elimina l'ultima frase del testo."]
NONE["zh"] += ["别忘了明天给我打电话。", "我不记得{n}是谁了。", "删除这段话的最后一句。"]
NONE["ja"] += ["明日電話するのを忘れないでね。", "{n}のことを覚えていない、誰だっけ？", "この文章の最後の文を削除して。"]
NONE["ru"] += ["Не забудь позвонить мне завтра.", "Я не помню {n}, кто это?", "Удали последнее предложение из текста."]
NONE["ar"] += ["لا تنسَ أن تتصل بي غدًا.", "لا أتذكر {n}، من هو؟", "احذف الجملة الأخيرة من النص."]
NONE["hi"] += ["कल मुझे फ़ोन करना मत भूलना।", "मुझे {n} याद नहीं, वो कौन है?", "इस पैराग्राफ़ का आख़िरी वाक्य हटा दो।"]

# Issue #8 round 3 (families appended, earlier ids unchanged): request phrasings that the second held-out
# split showed missing (erase + memory cue before the object, polite conditionals, "please don't remember X
# anymore", value after its category, chat spellings without accents), the extra languages nl / pl / ko / tr,
# and hard negatives of the kinds that fooled the classifier: translation requests and quoted speech, texts
# drafted for a third party (an e-mail asking a company to delete data), changes of plan ("forget X, let's
# do Y instead"), edits of the assistant's own output, "never mind" + a new question, questions about films.
NAMES.update({
    "nl": ["Joris Vermeulen", "Sanne de Vries", "Bram Janssen", "Femke Bakker"],
    "pl": ["Krzysztof Zieliński", "Magdalena Wójcik", "Paweł Lewandowski", "Zofia Kamińska"],
    "ko": ["이서준", "최지우", "박하늘", "정민호"],
    "tr": ["Emre Demir", "Zeynep Kaya", "Burak Şahin", "Elif Çelik"],
})
FORGET["en"] += [
    "Delete from memory: my car's licence plate, {i}.", "Erase from your memory my old number, {p}.",
    "I'd rather you forgot {r} {n}.", "It would be great if you could forget {o}.",
    "Honestly, I'd prefer it if you forgot my address. It's {a}.", "Could you please not remember {n} anymore?",
    "Can you not mention {r} {n} from now on?", "I want you to forget the company I work for. It's {o}.",
    "forget the town i grew up in, its {pl}", "u can forget {n} now, we broke up",
    "Please stop keeping my email on file: {e}.", "Would you mind forgetting {n}? Thanks.",
    "I'd appreciate it if you forgot my diagnosis ({d}).", "My ID number is {i}. Please don't remember it any longer.",
]
FORGET["fr"] += ["Efface de ta mémoire le nom de mon ex, {n}.", "J'aimerais que tu oublies mon adresse : {a}.",
                 "Ne garde plus mon numéro {p} en mémoire, stp."]
FORGET["es"] += ["Borra de tu memoria mi número {p}.", "no quiero q recuerdes a {n}", "Preferiría que olvidaras a {n}."]
FORGET["de"] += ["Lösch aus deinem Gedächtnis meine Adresse: {a}.", "Es wäre mir lieber, wenn du {n} vergisst.",
                 "Bitte merk dir meine Nummer {p} nicht mehr."]
FORGET["pt"] += ["nao quero q vc saiba nada sobre {n}", "Apaga da memória o meu endereço, é {a}.",
                 "Preferia que você esquecesse {o}."]
FORGET["it"] += ["Cancella dalla memoria il mio numero, {p}.", "Preferirei che dimenticassi {n}.",
                 "per favore cancella dalla memoria {n}"]
FORGET["ar"] += ["أرجوك أن تمسح بريدي {e} من ذاكرتك.", "امسح من ذاكرتك اسم {n}.", "أفضل أن تنسى {o}."]
FORGET["ru"] += ["Сотри из памяти мой адрес: {a}.", "Я бы предпочёл, чтобы ты забыл {n}."]
FORGET["zh"] += ["请从你的记忆里删除我的地址：{a}。", "我希望你忘掉{n}。"]
FORGET["ja"] += ["私の電話番号{p}は覚えないでください。", "{o}のことは記憶から削除して。"]
FORGET["hi"] += ["मैं नहीं चाहती कि तुम {n} को याद रखो।", "मेरा पता {a} याद मत रखना।"]
FORGET["nl"] = ["Vergeet alsjeblieft alles over {n}.", "Vergeet {n}.", "Verwijder {n} uit je geheugen.",
                "Noem {n} nooit meer.", "Vergeet mijn telefoonnummer, {p}."]
FORGET["pl"] = ["Zapomnij o {n}.", "Zapomnij wszystko o {n}, proszę.", "Usuń {n} z pamięci.",
                "Nie wspominaj już o {n}.", "Usuń z pamięci mój numer {p}."]
FORGET["ko"] = ["{n} 씨를 잊어 주세요.", "{n}에 대해 다 잊어줘.", "{n} 얘기는 다시는 하지 마.", "제 전화번호 {p} 기억에서 지워 주세요."]
FORGET["tr"] = ["Lütfen {n} hakkında her şeyi unut.", "{n}'i unut.", "{o}'dan bir daha bahsetme.",
                "Telefon numaramı ({p}) hafızandan sil."]
REVOKE["ja"] += ["{n}さんのことは思い出してもいいよ、もう平気。", "もう{n}さんの話をしてもいいよ。"]
REVOKE["nl"] = ["Je mag weer over {n} praten.", "Je mag {n} weer noemen."]
REVOKE["pl"] = ["Możesz znowu mówić o {n}.", "Nie musisz już zapominać o {n}."]
REVOKE["ko"] = ["{n} 씨에 대해 다시 말해도 괜찮아요.", "{n} 얘기 다시 해도 괜찮아."]
REVOKE["tr"] = ["{n}'den tekrar bahsedebilirsin."]
NONE["en"] += [
    "Translate 'please forget me' into German.", "How do you say 'I'll never forget this' in Portuguese?",
    "My friend texted me 'forget my number', what does she mean?", "My boss said 'forget the Hadley account' — should I worry?",
    "Compose a short note to {o} telling them to wipe my customer profile.",
    "Write a letter to my bank requesting that they erase my personal records.",
    "Help me word a GDPR erasure request to {o}.", "Ask the landlord to remove my name from the lease: draft the message.",
    "Forget {pl}, let's try somewhere warmer. Any ideas?", "Forget the sushi place, let's go with tacos tonight.",
    "Forget Python for this one, use Rust instead.", "Drop {pl} from the itinerary and add Seville instead.",
    "Lose the cooking metaphor in your answer and give me a sports one.", "Delete the joke in your second paragraph.",
    "Remove the example about {n} from your answer, it's off-topic.", "Scrap that draft and write a shorter one.",
    "Forget it, never mind. What's the tallest mountain in Africa?", "never mind, forget it. how long do eggs boil?",
    "Which movie is about a man who forgets everything every few minutes?", "Which song goes 'forget you'? It was on the radio.",
    "Is there a book about a woman who wakes up with no memory every day?",
    "What would happen if I asked you to forget my brother's name?", "Could an assistant ever really delete what it learned?",
]
NONE["fr"] += ["Traduis « oublie-moi » en espagnol.", "Écris un mail à {o} pour leur demander de supprimer mes données.",
               "Oublie {pl}, on part plutôt à Nantes.", "Laisse tomber, oublie ça. Quelle heure est-il à Tokyo ?",
               "Supprime l'exemple avec la voiture, il ne marche pas."]
NONE["es"] += ["Traduce «no me olvides» al inglés.", "Ayúdame a escribir una carta a {o} para que eliminen mi cuenta.",
               "Olvida {pl}, mejor vamos a Bilbao.", "Olvídalo, no importa. ¿Cuánto es 15 por 4?",
               "Quita el ejemplo del banco, no se entiende."]
NONE["de"] += ["Übersetze „Vergiss mich nicht“ ins Englische.", "Schreib eine E-Mail an {o} und bitte sie, meine Daten zu löschen.",
               "Vergiss {pl}, lass uns lieber nach Leipzig fahren.", "Vergiss es, egal. Wie spät ist es in Sydney?",
               "Lösch den Vergleich mit dem Fußball, der passt nicht."]
NONE["pt"] += ["Traduza 'não me esqueça' para o inglês.", "Escreva um e-mail para {o} pedindo para apagarem meus dados.",
               "Esquece {pl}, que tal Coimbra em vez disso?", "Deixa pra lá, esquece isso. Quanto é 12 vezes 12?",
               "Tira o exemplo do futebol, não funciona."]
NONE["it"] += ["Traduci 'non dimenticarmi' in inglese.", "Prepara una lettera a {o} chiedendo di eliminare il mio profilo.",
               "Dimentica {pl}, che ne dici di Bologna invece?", "Lascia perdere, non importa. Che ore sono a New York?",
               "Cancella l'esempio del treno, non funziona."]
NONE["ru"] += ["Переведи «забудь меня» на английский.", "Напиши письмо в {o} с просьбой удалить мои данные.",
               "Забудь про {pl}, давай лучше поедем в Самару.", "Забудь, неважно. Сколько будет семь на восемь?"]
NONE["zh"] += ["把“忘了我吧”翻译成英文。", "帮我写一封邮件给{o}，要求他们删除我的数据。", "忘了{pl}吧，不如去苏州。",
               "算了，忘了吧。今天天气怎么样？"]
NONE["ja"] += ["「忘れないで」を英語に訳して。", "{o}にデータ削除を依頼するメールを書いて。", "やっぱりいいや、忘れて。東京の天気は？",
               "{pl}はやめて、代わりに京都にしよう。"]
NONE["ar"] += ["ترجم «لا تنسني» إلى الإنجليزية.", "اكتب رسالة إلى {o} تطلب فيها حذف بياناتي.", "انسَ الأمر، لا يهم. ما عاصمة كندا؟",
               "انسَ {pl}، ما رأيك في الرباط بدلاً منها؟"]
NONE["hi"] += ["'मुझे भूल जाओ' का अंग्रेज़ी में अनुवाद करो।", "{o} को मेरा डेटा हटाने के लिए ईमेल लिखो।", "छोड़ो, भूल जाओ। भारत की राजधानी क्या है?",
               "{pl} भूल जाओ, इसके बजाय गोवा चलते हैं।"]
NONE["nl"] = ["Vergeet niet melk te kopen.", "Laat maar, vergeet het. Hoe laat is het in Tokio?", "Vertaal 'vergeet me niet' naar het Engels."]
NONE["pl"] = ["Nie zapomnij kupić mleka.", "Nieważne, zapomnij. Ile to jest 7 razy 8?", "Przetłumacz 'nie zapomnij o mnie' na angielski."]
NONE["ko"] = ["우유 사는 거 잊지 마.", "잊어버려, 신경 쓰지 마. 맛있는 냉면집 추천해 줘.", "'나를 잊지 마'를 영어로 번역해 줘."]
NONE["tr"] = ["Süt almayı unutma.", "Boşver, unut gitsin. Türkiye'nin başkenti neresi?", "'Beni unutma' cümlesini İngilizceye çevir."]

# Ordinary messages that name a person in every language (the classifier must not read a name as a request),
# the user's own forgetting with the object before the verb, and "stop" / "not forget" idioms.
NONE["en"] += ["Tell me more about {n}, I met her at a conference.", "Is {n} still the CEO of {o}?",
               "I'd rather remember the good times than forget them. Any journaling tips?",
               "Stop me if I'm wrong, but isn't {pl} the capital?", "I totally forgot my umbrella at {o} today."]
NONE["fr"] += ["Parle-moi de {n}, s'il te plaît.", "J'ai encore oublié mes lunettes chez {n}.", "Tu connais {n} ?"]
NONE["es"] += ["Cuéntame sobre {n}.", "Se me olvidó la cartera en casa de {n}.", "Olvidé mi contraseña otra vez.", "¿Conoces a {n}?"]
NONE["de"] += ["Erzähl mir etwas über {n}.", "Ich habe mein Passwort schon wieder vergessen.", "Kennst du {n}?"]
NONE["pt"] += ["Me fale sobre {n}.", "Me conta sobre {n}, por favor.", "Eu me esqueci da reunião com {n}.", "Você conhece {n}?"]
NONE["it"] += ["Parlami di {n}.", "Mi sono dimenticata le chiavi da {n}.", "Conosci {n}?"]
NONE["ru"] += ["Расскажи мне о {n}.", "Я опять забыл зонт у {n}."]
NONE["zh"] += ["跟我说说{n}吧。", "我又把伞忘在{n}家了。"]
NONE["ja"] += ["{n}さんについて教えて。", "また{n}さんの家に傘を忘れた。"]
NONE["ar"] += ["حدثني عن {n}.", "نسيت مظلتي عند {n} مرة أخرى."]
NONE["hi"] += ["मुझे {n} के बारे में बताओ।", "मैं फिर से {n} के घर छाता भूल गया।"]
# Issue #8 round 4 (families appended, earlier ids unchanged): the classes behind the third held-out split's
# errors, in new wording: retention verbs ("stop remembering / don't keep / don't store X"), consent withdrawn,
# "act as if you never heard of X", a category followed by its value in the next sentence; revokes by a change
# of mind ("you can remember it again"), by withdrawing an earlier forget request, "undo the forget"; and hard
# negatives: a change of plan with "better" ("mejor", "besser", "meglio"), the user's own past forgetting in
# every language, requests scoped to one exercise, and a draft edited with a replacement instruction.
FORGET["en"] += ["Please stop storing my address, {a}.", "From today, act like you've never heard of {o}.",
                 "Behave as if you don't know who {n} is.", "I withdraw my consent for you to keep my number, {p}.",
                 "Forget where I work. The company is called {o}.", "Stop remembering my diagnosis, it's {d}."]
FORGET["es"] += ["Quiero que dejes de recordar a {n}.", "No guardes más mi dirección: {a}.",
                 "Actúa como si nunca hubieras oído hablar de {o}.", "Retiro mi consentimiento para que guardes mi número, {p}."]
FORGET["fr"] += ["Ne garde plus mon numéro, {p}.", "Arrête de retenir le nom de {n}.",
                 "Fais comme si tu ne connaissais pas {n}.", "Je retire mon consentement : oublie mon adresse, {a}."]
FORGET["de"] += ["Hör auf, dir {n} zu merken.", "Speichere meine Nummer nicht mehr: {p}.",
                 "Tu so, als würdest du {o} nicht kennen.", "Ich widerrufe meine Einwilligung, dass du {d} speicherst."]
FORGET["pt"] += ["Não guardes mais o meu número: {p}.", "Quero que deixes de lembrar {n}.",
                 "Faz de conta que nunca ouviste falar de {o}.", "Retiro o meu consentimento para guardares {e}."]
FORGET["it"] += ["Smetti di ricordare {n}, per favore.", "Non conservare più il mio indirizzo: {a}.",
                 "Fai come se non conoscessi {o}.", "Revoco il consenso alla conservazione di {e}."]
FORGET["ru"] += ["Перестань помнить {n}.", "Не храни больше мой номер {p}.",
                 "Сделай вид, что никогда не слышал о {o}.", "Я отзываю согласие на хранение моего адреса: {a}."]
FORGET["ja"] += ["{n}さんのことは覚えないでください。", "{o}は存在しないものとして扱ってほしい。",
                 "{n}さんについて、今後一切触れないで。"]
FORGET["zh"] += ["别再记着{n}了。", "就当你从来没听说过{o}。", "请不要再保存我的电话号码{p}。"]
FORGET["ar"] += ["تصرف كأنك لم تسمع أبدًا عن {o}.", "لا تحتفظ برقم هاتفي {p} بعد الآن."]
FORGET["hi"] += ["mera number {p} delete kar do please", "ऐसे दिखाओ जैसे तुमने कभी {n} का नाम नहीं सुना।"]
REVOKE["en"] += ["I changed my mind about {n}: you can remember them again.",
                 "Earlier I asked you to forget {o}. Please ignore that request.", "Undo the forget I just asked for."]
REVOKE["es"] += ["Cambié de opinión sobre {o}, puedes recordarlo otra vez.", "Te pedí que olvidaras a {n}; ignora esa petición."]
REVOKE["fr"] += ["J'ai changé d'avis sur {n} : tu peux t'en souvenir à nouveau.",
                 "Je t'ai demandé d'oublier {o} ; annule cette demande."]
REVOKE["de"] += ["Ich habe meine Meinung geändert wegen {n}: du darfst {n} wieder erwähnen."]
REVOKE["it"] += ["Ho cambiato idea su {o}: puoi ricordarlo di nuovo."]
REVOKE["pt"] += ["Mudei de ideia sobre {n}: podes voltar a falar dele."]
REVOKE["ja"] += ["{o}を忘れる件、取り消してください。"]
NONE["en"] += ["Forget the train, better to rent a car.", "I forgot my password again, how do I reset it?",
               "For this exercise, pretend you've never heard of {n} and grade this essay.",
               "Forget the formal opening, start the email with 'Hey {n}'.",
               "Act like you've never heard of {pl} and I'll describe it to you."]
NONE["es"] += ["Olvida el museo, mejor vamos a la playa.", "Para este ejercicio, olvida lo que sabes de {n} y comenta el poema.",
               "Olvida el saludo, empieza la carta con «Querida {n}»."]
NONE["fr"] += ["Oublie le bus, mieux vaut marcher.", "Pour cet exercice, fais comme si tu ne connaissais pas {n}.",
               "Oublie l'introduction, commence la lettre par « Cher {n} »."]
NONE["de"] += ["Vergiss das Restaurant, besser kochen wir zu Hause.", "Für diese Übung vergiss alles über {n} und bewerte den Text."]
NONE["pt"] += ["Esquece o carro, melhor irmos a pé.", "Esqueci a senha do banco, o que faço?"]
NONE["it"] += ["Dimentica il treno, meglio andare in macchina.", "Per questo esercizio dimentica {n} e commenta la poesia.",
               "Ho dimenticato il telefono da {n}."]
NONE["ru"] += ["Я забыл пароль от банка, что делать?"]
NONE["ja"] += ["パスワードを忘れてしまいました。どうすればいいですか？"]
NONE["zh"] += ["我忘了密码，怎么办？"]
NONE["ar"] += ["نسيت كلمة المرور، ماذا أفعل؟"]
NONE["hi"] += ["मैं अपना पासवर्ड भूल गया, क्या करूँ?"]
NONE["ko"] += ["비밀번호를 잊어버렸어요. 어떻게 하죠?"]
# storing / keeping / saving ordinary things (files, objects): retention verbs that are not about the user's data
NONE["en"] += ["Stop keeping the milk in the fridge door.", "Don't save the file until I've checked it.",
               "Stop saving drafts to the desktop, use the shared folder.", "Quit storing boxes in the garage, {n}."]
NONE["es"] += ["Deja de guardar la ropa en la silla.", "No guardes el archivo todavía."]
NONE["fr"] += ["Arrête de garder les cartons dans le couloir.", "Ne conserve pas les piles au frigo."]
NONE["de"] += ["Hör auf, die Schuhe im Flur zu lagern.", "Speichere das Dokument noch nicht."]
NONE["pt"] += ["Pare de guardar caixas na varanda.", "Não guarde o pão na geladeira."]
NONE["it"] += ["Smetti di tenere le bici in corridoio.", "Non salvare ancora il documento."]
NONE["ru"] += ["Не храни хлеб в холодильнике."]
NONE["ja"] += ["写真はまだ保存しないで。"]
NONE["zh"] += ["先不要保存这个文档。"]

# Slot -> the value lists; {n2}/{n3} draw distinct extra names.
SLOTS = {"o": ORGS, "ti": TITLES, "p": PHONES, "e": EMAILS, "a": ADDRS, "d": DIAGS, "i": IDS, "pl": PLACES,
         "r": ROLE_EN}
TARGET_SLOTS = ("n", "n2", "n3", "o", "ti", "p", "e", "a", "d", "i")


def _dev(family: str) -> bool:
    """A deterministic ~20 % of template families form the dev split."""
    return int(hashlib.sha1(family.encode()).hexdigest(), 16) % 5 == 0


DEV_FAMILIES: set[str] = set()


def _typo(text: str, rng: random.Random, protected: set[str]) -> str:
    """Chat-style noise: lower-case, a dropped or doubled letter (never inside a target), no final punctuation."""
    words = text.split()
    if len(words) > 2:
        i = rng.randrange(len(words))
        w = words[i]
        if w.strip(".,!?'") in protected:
            w = ""
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1:] if rng.random() < 0.5 else w[:j] + w[j] + w[j:]
    out = " ".join(words)
    if rng.random() < 0.6:
        out = out.lower()
    return out.rstrip(".!?。")


def _fill(template: str, lang: str, rng: random.Random) -> tuple[str, list[list[str]]]:
    pool = NAMES[lang] if NAMES.get(lang) else NAMES["en"]
    names = rng.sample(pool, 3)
    values = {"n": names[0], "n2": names[1], "n3": names[2]}
    for slot, options in SLOTS.items():
        values[slot] = rng.choice(options)
    text = template
    targets: list[list[str]] = []
    # order targets by their position in the template
    positions = []
    for slot in values:
        token = "{" + slot + "}"
        if token in template and slot in TARGET_SLOTS:
            positions.append((template.index(token), slot))
    for _, slot in sorted(positions):
        value = values[slot]
        spellings = [value]
        if slot == "d" and value.startswith("an "):
            spellings = [value[3:], value]
        targets.append(spellings)
    for slot, value in values.items():
        text = text.replace("{" + slot + "}", value)
    return text, targets


def generate() -> list[dict]:
    rng = random.Random(SEED)
    rows: list[dict] = []
    for intent, table, tag in (("forget", FORGET, ""), ("forget", FORGET_UNNAMED, "unnamed."), ("revoke", REVOKE, ""),
                               ("none", NONE, "")):
        for lang, templates in table.items():
            for k, template in enumerate(templates):
                family = f"{intent}.{tag}{lang}.{k}"
                if _dev(family):
                    DEV_FAMILIES.add(family)
                copies = 6 if lang == "en" else 5
                if (intent == "none" or tag) and "{" not in template:
                    copies = 2
                seen = set()
                for c in range(copies):
                    text, targets = _fill(template, lang, rng)
                    if intent == "none" or tag:
                        targets = []
                    if lang == "en" and c >= copies - 2:
                        protected = {w.strip(".,!?'") for group in targets for s in group for w in s.split()}
                        text = _typo(text, rng, protected)
                    elif lang != "en" and c == copies - 1:
                        text = text.lower()  # chat style in every language: "vergiss anna schmidt"
                    if text in seen:
                        continue
                    seen.add(text)
                    kind = "hard_negative" if intent == "none" else ("request" if intent == "forget" else "revoke")
                    rows.append({"text": text, "intent": intent, "targets": targets, "lang": lang, "kind": kind,
                                 "family": family, "split": "dev" if family in DEV_FAMILIES else "train"})
    return rows


def main(argv: list[str] | None = None) -> int:
    rows = generate()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    by = {}
    for row in rows:
        by[(row["split"], row["intent"])] = by.get((row["split"], row["intent"]), 0) + 1
    print(f"wrote {len(rows)} rows to {OUT}: {dict(sorted(by.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
