"""Clean forget targets: the thing to forget, not the words around it.

The watchdog's rules (or the generic span finder below, when only the classifier fired) give a raw
span such as "the author Nikolai Abilov", "Dana Reyes from your responses", "Hina Ameen, Xin Lee
Williams - both of them" or "where I work". ``clean_targets`` turns it into what the registry should
block:

* concrete values win: an e-mail, a phone number, an ID, a parenthesised or colon-introduced value
  ("my medical diagnosis (type 1 diabetes)"), a quoted title, "my name is X", or the value named in a
  later sentence ("... where I work. It's Quintel Labs.");
* determiners, possessives and role nouns go ("the author", "my sister", "die Firma", "the codename");
* trailing adverbials go ("from your responses", "in any answer", "again", "both of them", ", she hurt me");
* lists are split ("A, B and C") unless the commas belong to an address; a piece after a comma / dash /
  "and" that starts like a clause (subject pronoun, negation, auxiliary) ends the list (``starts_clause``);
* a value named after its description with a naming copula ("The company is called X", "La empresa se
  llama X", "C'est la Clinique X", "，是乙肝", "株式会社Xです"), between dashes, or between commas before a
  demonstrative ("…, थायरॉइड, वो याद मत रखना") replaces the description;
* honorifics and titles go ("佐々木さん", "김민수 씨", "Herrn", "这家公司"), addresses keep their national
  format (UK / French / Portuguese postcodes, Russian "ул. …, д. …", Arabic "شارع …", Chinese "…路88号");
* targets made only of common words are dropped (``memory.common_words.only_common_words``).

Everything here is span logic over the user's own text, so targets keep the user's spelling.
"""

from __future__ import annotations

import re
import unicodedata

from guardgraph.agents.target_lexicon import (
    is_category_word,
    is_condition,
    is_determiner,
    is_org_word,
    is_role_prefix,
    is_role_word,
    is_title,
)
from guardgraph.memory.common_words import is_common, only_common_words, zipf

__all__ = ["as_typed", "clean_targets", "generic_targets", "concrete_values", "quoted_spans", "stated_values"]

_F = re.IGNORECASE | re.UNICODE
_EDGE = " \t\n\"'“”‘’«»「」『』()[]{}<>.,;:!?¿¡。，、；：！？…-–—।"

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[\w-]+(?:\.[\w-]+)+", _F)  # ASCII local part: "邮箱a.b@x.io" -> "a.b@x.io"
PHONE = re.compile(r"(?<![A-Za-z0-9_-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,8}){1,4}(?![A-Za-z0-9_-])")
# Passport-like IDs without dashes: "X1234567", "AB123456C" (at least 4 digits and a letter; checked in code).
ALNUM_ID = re.compile(r"(?<![\w-])[A-Za-z0-9]{6,20}(?![\w-])")
# Money amounts ("$84,500", "€3.200", "12 000 EUR") and dates ("14 March 1988", "1988-03-14", "03/14/1988").
MONEY = re.compile(r"(?:(?<![A-Za-z])(?:R|US|A|C|NZ|HK|S)(?=\$))?[$€£¥₹]\s?\d[\d,.' ]*\d(?:\s?[kKmM]\b)?|\b\d[\d,.]*\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b"
                   r"|\b(?:USD|EUR|GBP|CAD|AUD|NZD|CHF|INR|JPY|CNY|RMB|SEK|NOK|DKK|PLN|BRL|MXN|ZAR|SGD|HKD|AED|SAR)\s?\d[\d,.']*\d(?:\s?[kKmM]\b)?"
                   r"|\b\d[\d,.']*\d\s?(?:CAD|AUD|NZD|CHF|INR|JPY|CNY|RMB|SEK|NOK|DKK|PLN|BRL|MXN|ZAR|SGD|HKD|AED|SAR)\b")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
           r"octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
           r"noviembre|diciembre|januar|februar|märz|juni|juli|oktober|dezember|janeiro|fevereiro|março|maio|"
           r"junho|julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|"
           r"settembre|ottobre|dicembre)")
DATE = re.compile(rf"\b\d{{1,2}}\.?\s+(?:de\s+)?{_MONTHS}\.?\s+(?:de\s+)?\d{{4}}\b|\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
                  r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b", _F)
# User names / handles: "darkwater_77", "@kai.codes" (a letter run with "_" or a leading "@").
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,}\b|(?<![\w@])[A-Za-z][A-Za-z0-9.]*_[A-Za-z0-9_.]*[A-Za-z0-9](?![\w@])")
# IDs: a token with both digits and letters/dashes ("AB-4471-X", "QX-88213"), or a long digit run.
IDTOK = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![\w-])|(?<![A-Za-z0-9_])\d{6,}(?![A-Za-z0-9_])")
# Licence plates: "KX19 TRV", "B-MK 4471" (an upper-case group with digits, a space or dash, a second group).
# A host or domain name: three or more labels ("build-07.corvane.example"), or two with a common TLD.
HOSTNAME = re.compile(
    r"(?<![\w@./-])(?=[\w.-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]"  # labels of 2+ characters: not "U.S.A"
    r"(?:(?:\.[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]){2,}"
    r"|\.(?:com|org|net|io|dev|app|ai|co|uk|de|fr|es|it|nl|ru|in|example|local|internal|corp|lan))(?![\w/-]|\.\w)"
)
NATIONAL_ID = re.compile(r"(?<![\w-])[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![\w-])")  # UK NI "QQ 12 34 56 C"
PLATE = re.compile(r"(?<![\w-])(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{2,4}[ -][A-Z0-9]{2,4}(?![\w-])|(?<![\w-])[A-Z]{1,3}-[A-Z]{1,2}\s\d{1,4}(?![\w-])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
QUOTED = re.compile(r"[\"“«「『]([^\"”»」』]{2,80})[\"”»」』]|(?<!\w)'((?:[^']|(?<=\w)'(?=\w)){2,80}?)'(?!\w)|‘([^’]{2,80})’")
PAREN = re.compile(r"\(([^()]{2,80})\)")

# A later sentence that names the value of a descriptor: "It's Quintel Labs.", "C'est Kessler Bau."
VALUE_SENTENCE = re.compile(
    r"(?:^|[.!?;:,،]\s*|\s[—–-]\s)(?:it'?s|it\s+is|that'?s|that\s+is|the\s+name\s+is|which\s+is|namely|i\.e\.|"
    r"وهو|وهي|c'est-à-dire|c'est|es\s+decir|das\s+ist|cioè|ou\s+seja|то\s+есть|es|ist\s+(?:es\s+)?|"
    r"é|è|это|i\s+work\s+(?:at|for)|i\s+live\s+(?:at|in|on)|i'?m\s+at|i\s+am\s+at)\s+(?P<v>[^.!?;]+)",
    _F,
)
NAME_IS = re.compile(
    r"\b(?:my\s+name\s+is|i'?m\s+called|i\s+am\s+called|je\s+m'appelle|me\s+llamo|mi\s+nombre\s+es|ich\s+heiße|"
    r"ich\s+heisse|mein\s+name\s+ist|meu\s+nome\s+é|me\s+chamo|mi\s+chiamo|il\s+mio\s+nome\s+è|меня\s+зовут|"
    r"اسمي|मेरा\s+नाम)\s+(?P<v>[^.!?;,()]+?)(?:\s+है)?(?=$|[.!?;,()])",
    _F,
)
# Descriptors whose value, when given, is the real target.
DESCRIPTOR = re.compile(
    r"^(?:(?:my|our|the|his|her|their|mon|ma|mes|mi|mis|mein|meine|meinen|o\s+meu|meu|minha|il\s+mio|la\s+mia|"
    r"mio|mia)\s+)?(?:(?:home|work|office|personal|private|current|old|new|mobile|cell|medical|full|real|maiden|birth|"
    r"middle|last|first|family|given|legal|previous|former|"
    r"e-?mail|phone|postal|street|billing|shipping)\s+)*"
    r"(?:[\w-]+'s\s+)?"
    r"(?:phone(?:\s+number)?|number|telephone(?:\s+number)?|mobile|cell|e-?mail(?:\s+address)?|address|"
    r"salary(?:\s+figure)?|income|date\s+of\s+birth|birth\s*date|birthday|disease|medical\s+history|"
    r"user\s*name|screen\s+name|gamer\s*tag|handle|"
    r"(?:personal\s+)?(?:id|identity|passport|tax|social\s+security|license|licence)\s+(?:card\s+)?number|"
    r"numéro\s+de\s+passeport|número\s+de\s+pasaporte|passnummer|номер\s+паспорта|"
    r"maladie|diagnostic|enfermedad|diagnóstico|krankheit|diagnose|doença|malattia|diagnosi|"
    r"adresse\s+e-?mail|correo(?:\s+electrónico)?|e-?mail-adresse|indirizzo\s+e-?mail|"
    r"name|real\s+name|full\s+name|diagnosis|condition|illness|id(?:\s+number)?|account(?:\s+number)?|"
    r"passport(?:\s+number)?|social\s+security\s+number|ssn|iban|employer|company|workplace|job|"
    r"where\s+i\s+(?:work|live)|who\s+i\s+work\s+for|the\s+place\s+i\s+work|personal\s+data|data|"
    r"user\s*name|handle|nickname|login|password|iban|license\s+plate|plate\s+number|"
    r"numéro(?:\s+de\s+téléphone)?|adresse|número(?:\s+de\s+teléfono)?|dirección|telefonnummer|adresse|"
    r"telefone|endereço|numero(?:\s+di\s+telefono)?|indirizzo|номер(?:\s+телефона)?|адрес)"
    r"(?:\s+(?:is|was|of\s+mine))?$",
    _F,
)

_DET = (
    r"the|a|an|my|our|your|his|her|their|its|this|that|these|those|some|any|"
    r"le|la|les|l'|un|une|mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|ce|cet|cette|"
    r"el|los|las|un|una|mi|mis|tu|tus|su|sus|nuestro|nuestra|este|esta|ese|esa|"
    r"der|die|das|den|dem|des|ein|eine|einen|einem|mein|meine|meinen|meinem|meiner|dein|deine|unser|unsere|"
    r"o|os|as|um|uma|meu|minha|meus|minhas|seu|sua|do|da|"
    r"il|lo|gli|i|uno|mio|mia|miei|mie|suo|sua|"
    r"мой|моя|моё|мои|моего|моей|моих|этот|эта|это"
)
LEADING_DET = re.compile(rf"^(?:{_DET})\s+", _F)
LEADING_ELISION = re.compile(r"^(?:l|d|qu)['’]", _F)
# Request words that survive some rules: "about", "that I told you about", "someone called".
LEADING_FILLER = re.compile(
    r"^(?:about|of|on|regarding|concerning|everything|anything|all|whatever|what\s+you\s+know\s+about|"
    r"(?:someone|somebody|a\s+person|a\s+guy|a\s+girl|a\s+woman|a\s+man|a\s+company|a\s+place)\s+(?:called|named)|"
    r"(?:called|named)|que\s+te\s+disse\s+sobre|o\s+que\s+te\s+disse\s+sobre|ce\s+que\s+je\s+t'ai\s+dit\s+sur|"
    r"lo\s+que\s+te\s+dije\s+(?:sobre|de)|was\s+ich\s+dir\s+über|quello\s+che\s+ti\s+ho\s+detto\s+su|"
    r"(?:tout\s+)?ce\s+que\s+(?:je\s+t'ai|je\s+vous\s+ai|tu\s+as)\s+(?:dit|raconté|appris)\s+(?:sur|de|à\s+propos\s+de)|"
    r"(?:todo\s+)?lo\s+que\s+(?:te\s+)?(?:dije|conté|sabes)\s+(?:sobre|de|acerca\s+de)|"
    r"(?:tudo\s+)?(?:o\s+)?que\s+(?:eu\s+)?(?:te\s+|lhe\s+|vos\s+)?(?:falei|disse|contei|sabe|sabes)\s+(?:sobre|de|do|da|a\s+respeito\s+de)|"
    r"(?:tutto\s+)?(?:quello|ciò)\s+che\s+(?:ti\s+ho\s+detto|sai)\s+(?:su|di|sul|sulla|riguardo\s+a)|"
    r"كل\s+ما\s+(?:قلته|أخبرتك|تعرفه)\s+(?:لك\s+|به\s+)?عن|"
    r"(?:whatever|what|everything|anything)\s+(?:i\s+(?:told|said\s+to)\s+you|you\s+(?:know|remember|have))\s+about|"
    r"(?:from|out\s+of)\s+(?:your\s+)?(?:memory|memories|mind|records)|de\s+(?:ta|votre)\s+mémoire|"
    r"de\s+tu\s+memoria|dalla\s+tua\s+memoria|da\s+sua\s+memória|aus\s+deinem\s+gedächtnis|из\s+памяти|"
    r"abt|bout|'bout|re|who|(?-i:umm+|uh+|erm+|uhm+|hmm+|ehm+|euh)|"
    r"(?:hiding|forgetting|deleting|erasing|dropping|removing|wiping|blocking)(?=\s+(?:my|our|the|that|this)\b)|"
    r"(?:nada|rien|nichts|niente|nulla|nothing)\s+(?:sobre|acerca\s+de|de|sur|à\s+propos\s+de|über|von|su|di|about)|"
    # "(any) information about my X", "informações sobre a minha X", "información sobre mi X": X is the target
    r"(?:(?:any|all|the)\s+)?(?:information|info|data|details|informa(?:ção|ções|ción|ciones)|dados|datos|données|"
    r"informations|daten|angaben|informazioni|dati)\s+(?:sobre|acerca\s+de|sur|à\s+propos\s+de|über|zu|su|about|on|"
    r"regarding)|"
    # a retention verb left in front of its object by a rule's span: "conserver le nom de ma clinique"
    r"(?-i:conserver|garder|retenir|mémoriser|stocker|enregistrer|guardar|conservar|recordar|almacenar|"
    r"conservare|tenere|ricordare|memorizzare|armazenar|lembrar|keep|store|retain|remember)"
    r"(?=\s+(?:le|la|les|l'|mon|ma|mes|el|los|las|mi|mis|il|lo|gli|o|a|os|as|meu|minha|my|the)\b)|"
    r"de|d'|sobre|sur|über|von|su|di|a|à|о|об|про|request\s+(?:about|for|on)|طلب\s+نسيان|أمر|"
    r"कृपया|प्लीज़|प्लीज|अब|तुम|आप|फिर\s+से|दोबारा|फिरसे|(?:के|की|का)\s+बारे\s+में|और|तथा|"
    # the report of an earlier request before its object: "मैंने पहले कहा था कि X को भूल जाओ", "maine kaha tha ki X"
    r"(?:मैंने|मेने)\s+(?:(?:पहले|तुमसे|आपसे|तुम्हें|आपको)\s+)*(?:कहा|बोला|बताया)\s+था\s+कि|"
    r"(?:maine|mene)\s+(?:(?:pehle|pahle|tumse|aapse)\s+)*(?:kaha|bola)\s+tha\s+(?:ki|k)|"
    r"أبداً|أبدًا|أبدا|مطلقاً|مطلقا|قط|عن|(?:طلبي?\s+)?ب?(?:نسيان|حذف|مسح)"  # "لم تسمع أبداً ب…", "تراجع عن نسيان X"
    r")\s+|^(?:さっきの|先ほどの|例の|あの|私の|もう二度と|二度と|もう|我的|关于)"
    # a Japanese relative clause about telling before the noun ("前に話した私のパニック障害"): not part of it
    r"|^(?:前に|以前|さっき|この前|先日|昨日|先週)?(?:話した|言った|伝えた|教えた|相談した|書いた)(?:私の|僕の|俺の)?",
    _F,
)
# Trailing adverbials and tails (applied repeatedly).
TRAILING = re.compile(
    r"(?:[\s,;—–-]+)(?:"
    r"(?:from|in|out\s+of|across|within)\s+(?:(?:any|all|every|your|ur|yr|my|the|future|later|further|other|these|our)\s+)*"
    r"(?:responses?|answers?|replies|reply|outputs?|messages?|conversations?|chats?|memory|memories|records?|"
    r"mind|history|context|knowledge|database|data|texts?|suggestions?|results?|summaries|future|sessions?|"
    r"reminders?|follow-?ups?|notes|emails?|drafts?)"
    # the same place in other languages: "dans mes relances", "en tus respuestas", "in deinen Antworten"
    r"|(?:dans|en|in|nei|nelle|nas|nos|em)\s+(?:mes|tes|nos|vos|les|mis|tus|sus|meinen|deinen|den|miei|tuoi|mie|tue|"
    r"minhas|meus|tuas|teus|suas|seus)\s+(?:relances|réponses|messages|mails|e-mails|résumés|notes|suggestions|"
    r"conversations|rappels|respuestas|mensajes|correos|sugerencias|recordatorios|resúmenes|antworten|nachrichten|"
    r"erinnerungen|vorschlägen|zusammenfassungen|risposte|messaggi|promemoria|suggerimenti|respostas|mensagens|"
    r"lembretes|sugestões|resumos)"
    r"|(?:to|with)\s+(?:anyone|anybody|everyone|me|others|other\s+people|anyone\s+else)(?:\s+else)?"
    r"|(?:from|in|of)\s+(?:whatever|what|everything|anything|all)\s+(?:(?:that|which)\s+)?(?:you\s+)?(?:know|remember|have|"
    r"stored|store|keep|recall)(?:\s+(?:about\s+me|on\s+me|of\s+me))?"
    r"|(?:both|all|each|either)\s+of\s+them|them\s+both|the\s+two\s+of\s+them"
    r"|again|anymore|any\s+more|ever\s+again|ever|once\s+more|from\s+now\s+on|going\s+forward|for\s+good|"
    r"forever|permanently|completely|entirely|altogether|totally|immediately|right\s+now|for\s+now|now|at\s+once|"
    r"in\s+the\s+future|as\s+well|too|also|actually|please|pls|plz|thanks|thank\s+you|ok|okay|thx|thnx|thanx|tks|ty|"
    r"cheers|lol|haha|k|kk|merci|gracias|danke|grazie|obrigad[oa]|спасибо|شكرا|شكرًا|धन्यवाद|शुक्रिया|"
    # chat tails after a stated name ("its Kieran btw", "Sam tbh"): never part of it (the message's own case is kept)
    r"(?-i:btw|BTW|fyi|FYI|tbh|TBH|ngl|imo|IMO|tho|lmao|xd|XD)|"
    # politeness and "for good" in the smaller languages (nl, sv, pl, tr) and ASCII-folded German
    r"alsjeblieft|alstublieft|aub|a\.u\.b|voorgoed|voor\s+altijd|helemaal|(?-i:tack)|tack\s+så\s+mycket|snälla|"
    r"för\s+alltid|för\s+gott|proszę|prosze|dziękuję|dzięki|na\s+zawsze|lütfen|teşekkürler|sağol|tamamen|"
    r"sonsuza\s+dek|endgültig|endgueltig|komplett|vollständig|(?-i:ganz)|definitiv|für\s+immer|"
    r"pour\s+toujours|définitivement|para\s+siempre|definitivamente|per\s+sempre|definitivamente|para\s+sempre|"
    # "..., I changed my mind": the reason for a revoke, not a target
    r"(?:(?:i'?ve|i\s+have|i)\s+)?changed\s+my\s+mind|(?:he\s+)?cambi(?:é|e|ado)\s+de\s+(?:opinión|opinion|idea)|"
    r"j'ai\s+changé\s+d'avis|(?:ich\s+habe\s+)?(?:meine\s+meinung\s+geändert|es\s+mir\s+anders\s+überlegt)|"
    r"mudei\s+de\s+ideia|(?:ho\s+)?cambiato\s+idea|я\s+передумал[аи]?|передумал[аи]?|غيرت\s+رأيي|"
    r"ik\s+ben\s+van\s+gedachten\s+veranderd|jag\s+har\s+ändrat\s+mig|"
    r"if\s+you\s+can|if\s+possible|for\s+me|about\s+me|as\s+if\s+(?:it|they|he|she)\s+never\s+existed|"
    r"is\s+(?:withdrawn|cancell?ed|revoked|lifted|over)|(?:that\s+)?i\s+(?:asked|told\s+you)\s+about(?:\s+earlier)?|"
    r"earlier|before|previously|on\s+file|on\s+record|back|in\s+(?:your|the)\s+(?:records?|files?|system)|"
    r"is|was|were|are|whatsoever|at\s+all|in\s+any\s+way|in\s+any\s+form|(?:still|even|ever|really)\s+exists?|exists?|existed|"
    r"de\s+(?:tes|vos|tus|sus|deinen|tuoi|suoi)\s+\w+|dans\s+(?:tes|vos|ta|votre)\s+(?:souvenirs|mémoire|réponses|notes|fichiers|dossiers)|"
    r"en\s+(?:tu|su)\s+memoria|en\s+lo\s+que\s+recuerdas(?:\s+de\s+mí)?|nei\s+tuoi\s+ricordi|na\s+(?:tua|sua)\s+memória|"
    r"(?:in|aus)\s+(?:deinem|deiner|dem)\s+(?:gedächtnis|speicher|memory|kopf|erinnerung)|"  # Denglish "aus deinem memory"
    r"(?:de|dans)\s+(?:ta|votre)\s+memory|(?:de|en)\s+(?:tu|su)\s+memory|(?:dalla|nella)\s+tua\s+memory|(?:da|na)\s+(?:tua|sua)\s+memory|"
    r"daqui\s+(?:pra|para)\s+frente|a\s+partir\s+de\s+agora|de\s+agora\s+em\s+diante|d'ora\s+in\s+poi|"
    r"de\s+ahora\s+en\s+adelante|à\s+partir\s+de\s+maintenant|désormais|ab\s+jetzt|von\s+nun\s+an|"
    r"à\s+nouveau|de\s+nouveau|encore|s'il\s+te\s+pla[iî]t|stp|svp|"
    r"por\s+favor|otra\s+vez|de\s+nuevo|porfa|bitte|wieder|nie\s+wieder|nicht\s+mehr|für\s+immer|"
    r"de\s+novo|novamente|pfv|nunca\s+mais|per\s+favore|x\s+favore|pf|di\s+nuovo|mai\s+più|"
    r"пожалуйста|pozhaluysta|pozhalujsta|pozhalusta|плз|снова|больше|навсегда|بعد\s+الآن|مرة\s+أخرى|أبدًا|أبدا|من\s+فضلك|لو\s+سمحت|أرجوك|رجاءً|مجددًا|مجددا|من\s+جديد|ثانيةً|ثانية|"
    r"في\s+(?:أي|أية|كل)\s+(?:إجابة|إجابات|رد|ردود|محادثة|محادثات)|من\s+ذاكرتك|"
    r"किसी\s+भी\s+(?:जवाब|उत्तर|बातचीत)\s+में|अपनी\s+(?:याददाश्त|मेमोरी)\s+से|फिर\s+से|दोबारा|अब|भी"
    r")$",
    _F,
)
# A comma/dash clause that is about the target, not part of it: ", she hurt me", " — both of them".
TAIL_CLAUSE = re.compile(
    r"(?:,|;|\s[—–-]\s|\s[—–])\s*(?:and\s+|but\s+|because\s+|since\s+|as\s+)?"
    r"(?:she|he|they|it|we|i|you|that|this|who|which|where|when|whom|whose|since|because|as|so|but|"
    r"and\s+(?:then|also|just)|the\s+one|the\s+(?:guy|girl|woman|man|person|company|one)\s+(?:i|we|you)|"
    r"celui|celle|el\s+que|la\s+que|aquel|aquela|aquele|quello|quella|тот|та|"
    r"elle|il|ils|elles|c'est|où|qui|ella|él|ellos|donde|que|sie|er|es|wo|der|die|ela|ele|eles|onde|lei|lui|loro|"
    r"dove|che|она|он|они|я|мы|ты|вы|где|который|которая|"
    # an imperative about the target after a dash ("Bellhaven Dental — keep it", "X - leave it be"): what to do with it
    r"(?:keep|leave|put|bring|restore|remember|save|store)\s+(?:it|them|him|her|that|this)|just\s+(?:keep|leave|remember))\b.*$",
    _F,
)
# Lowercase role nouns allowed before a name without a determiner in chat ("author Nikolai Abilov").
ROLE_NOUNS = re.compile(
    r"^(?:(?:ex|former|late|dear|old|best|new)\s+)*(?:author|writer|singer|actor|actress|artist|ex|"
    r"ex-?(?:boyfriend|girlfriend|husband|wife|partner)|boyfriend|girlfriend|husband|wife|partner|spouse|"
    r"sister|brother|mother|father|mom|mum|dad|son|daughter|aunt|uncle|cousin|niece|nephew|grandma|grandpa|"
    r"friend|colleague|coworker|co-worker|boss|manager|neighbou?r|teacher|doctor|therapist|landlord|client|"
    r"patient|classmate|roommate|flatmate|company|firm|employer|startup|project|codename|code\s+name|"
    r"novel|book|film|movie|song|album|show|series|game|app|product|brand|band|city|town|village|place|"
    r"restaurant|hotel|school|university|hospital|person|guy|girl|woman|man|lady|kid|child|"
    r"firma|unternehmen|autor|autorin|autors|schwester|bruder|mutter|vater|freund|freundes|freundin|kollege|kollegen|"
    r"kollegin|chef|chefs|exfreund|exfreundin|ex-freund|ex-freundin|nachbarn?|nachbarin|vermieter|"
    r"chefin|roman|buch|stadt|projekt|frère|sœur|soeur|mère|père|ami|amie|collègue|patron|entreprise|"
    r"société|auteur|livre|roman|projet|ville|hermano|hermana|madre|padre|amigo|amiga|jefe|empresa|autor|"
    r"libro|novela|proyecto|ciudad|irmão|irmã|mãe|pai|amiga|chefe|empresa|livro|romance|projeto|cidade|"
    r"fratello|sorella|madre|padre|amico|amica|capo|azienda|ditta|autore|libro|romanzo|progetto|città|"
    r"сестра|сестру|брат|брата|друг|друга|подруга|подругу|начальник|начальника|компания|компанию|"
    r"фирма|фирму|автор|автора|роман|книга|книгу|проект|город)\s+",
    _F,
)
_SPLIT = re.compile(
    r"\s*,\s*(?:(?:and|or|et|ou|y|e|und|oder|и|или|ni|nor|né|nem|noch)\s+)?|\s+(?:and|as\s+well\s+as|plus|et|ainsi\s+que|y|e|"
    r"und|sowie|и|или|or|ou|oder|ni|nor|né|nem|noch|ni\s+de|ni\s+a)\s+|\s*(?:、|和|与|及|以及|跟|と|や)\s*|\s+(?:और|तथा|एवं)\s+|\s+ولا\s+(?![تيأن])|\s+و\s*",
    _F,
)
_SPLIT_AMP = re.compile(_SPLIT.pattern + r"|\s+&\s+", _F)  # "&" lists only after a comma list ("A, B & C")
_STREET = re.compile(
    r"\d+\s+\w+.*\b(?:lane|street|st|road|rd|avenue|ave|boulevard|blvd|drive|dr|way|court|ct|place|pl|"
    r"square|sq)\b|\b(?:rue|calle|avenida|via|viale|piazza|straße|strasse|weg|platz|rua|allee)\b",
    _F,
)
_NAMEISH = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ɏА-ЯЁ]", re.UNICODE)


def quoted_spans(text: str) -> list[str]:
    out = []
    for m in QUOTED.finditer(text):
        value = next(g for g in m.groups() if g)
        value = value.strip(_EDGE)
        if value:
            out.append(value)
    return out


def concrete_values(span: str) -> list[str]:
    """E-mails, phone numbers and IDs inside ``span`` (in order of appearance)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for regex in (EMAIL, IBAN, NATIONAL_ID, DATE, MONEY, HOSTNAME, PHONE, IDTOK, PLATE, ALNUM_ID, HANDLE):
        for m in regex.finditer(span):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            value = m.group().strip(_EDGE)
            digits = sum(ch.isdigit() for ch in value)
            if regex is PHONE and digits < 7:
                continue
            if regex is ALNUM_ID and (digits < 4 or not any(ch.isalpha() for ch in value)):
                continue
            if regex is MONEY:
                value = m.group().strip(" ,.;:!?")
            if regex is PHONE and m.group().lstrip().startswith("("):
                value = m.group().strip(" ,.;:!?")  # "(312) 555-0199" keeps its area-code brackets
            taken.append((m.start(), m.end()))
            found.append((m.start(), value))
    return [v for _, v in sorted(found)]


# After a work noun the article belongs to the title: "the codename the glass orchard", "the novel The Salt Road".
_WORK_NOUN = re.compile(r"\b(?:novel|book|film|movie|song|album|show|series|game|codename|code\s+name|band|podcast|"
                        r"roman|livre|novela|libro|buch|romanzo|livro|película|filme|canción|chanson|lied)\s*$", _F)
# Determiners that are also given names or name parts: "Mia Chen", "Da Silva", "Ma Long", "Su Wei", "Il Divo"
# keep a capitalised one in front of a capitalised word.
_NAMELIKE_DET = {"mia", "mio", "sua", "suo", "su", "son", "sa", "ma", "mi", "tu", "ta", "un", "una", "uno", "da", "do", "o",
                 "os", "as", "i", "um", "uma", "seu", "lo", "ce", "este", "esta", "ese", "esa", "il", "les", "des", "del",
                 "della", "du", "ein", "eine"}


def _strip_leading(target: str, lang: str | None = None) -> str:
    possessive = bool(_POSSESSIVE_HEAD.match(target.strip(_EDGE)))  # "my cousin leo brandt": a role, then a name
    previous = None
    while previous != target:
        previous = target
        target = target.strip(_EDGE)
        stripped = LEADING_FILLER.sub("", target, count=1)
        if stripped.strip(_EDGE):
            target = stripped
        words = target.split()
        if len(words) >= 2 and LEADING_DET.match(target) and not (
                words[0][:1].isupper() and words[0].lower() in _NAMELIKE_DET and words[1][:1].isupper()):
            rest = LEADING_DET.sub("", target, count=1)
            # keep "The" of a Title Case title ("The Glass Orchard"), drop other determiners
            titled = (words[0][:1].isupper() and words[0].lower() in _TITLE_ARTICLES and lang != "de"
                      and all(w[:1].isupper() for w in words[1:]) and not ROLE_NOUNS.match(rest + " "))
            if not titled:
                target = rest
        target = LEADING_ELISION.sub("", target)
    # one role noun ("the author", "my sister", "die Firma", "the codename"), lower-case except in German
    words = target.split()
    if len(words) >= 2 and (words[0][:1].islower() or lang == "de" or words[0].lower() in {"ex"}):
        stripped = ROLE_NOUNS.sub("", target, count=1)
        if stripped != target and stripped.strip(_EDGE):
            after = stripped.split()
            nxt = after[1] if len(after) > 1 and LEADING_DET.match(stripped) else after[0]
            # a role noun goes only when something name-like follows it (after "my"/"our", anything does)
            if (_NAMEISH.match(nxt) or not is_common(nxt) or any(ch.isdigit() for ch in nxt)
                    or (possessive and len(after) <= 4 and not is_common(" ".join(after[-1:])))
                    or (possessive and len(after) in (2, 3) and not any(w.lower() in _NAME_PARTICLES for w in after)
                        and all(w.isalpha() for w in after))):
                target = stripped
                previous = None
                keep_article = bool(_WORK_NOUN.search(target[: len(target) - len(stripped)]))
                while previous != target and not keep_article:  # "my ex the author X" -> determiners again
                    previous = target
                    rest = target.split()
                    title = rest[0] == "The" and len(rest) >= 3 and all(w[:1].isupper() for w in rest[1:])
                    if len(rest) >= 2 and LEADING_DET.match(target) and not title:
                        target = LEADING_DET.sub("", target, count=1)
    target = _strip_role_run(target.strip(_EDGE), lang)
    target = _cut_to_name(target.strip(_EDGE), lang)
    target = _CJK_POSSESSIVE.sub("", target).strip(_EDGE) or target
    target = _JA_RELATIVE.sub("", target).strip(_EDGE) or target
    target = _SCRIPT_ROLE_PREFIX.sub("", target).strip(_EDGE) or target
    target = _CJK_ROLE_CHAIN.sub("", target).strip(_EDGE) or target
    target = _HONORIFIC.sub("", target).strip(_EDGE) or target
    return target.strip(_EDGE)


# Titles kept right before a name (the convention accepts them either way); salutations such as "Frau",
# "Herr", "M.", "Mme", "Sra." are always dropped.
_KEPT_TITLES = {"dr", "mr", "mrs", "ms", "mx", "prof"}
# Words after which a role word does not introduce a name ("the author of that book").
_NOT_A_NAME_START = {"of", "from", "at", "in", "on", "for", "with", "who", "that", "which", "and", "or", "is", "was",
                     "du", "des", "aus", "vom", "qui", "que", "che", "der", "whose", "whom",
                     "i", "we", "you", "he", "she", "they", "je", "j'", "yo", "ich", "eu", "io", "я", "мы"}
_CASELESS_SCRIPT = re.compile(r"[\u0600-\u06ff\u0900-\u097f\uac00-\ud7af]")


_DE_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "meine", "meiner", "meinem",
                "seine", "seiner", "ihre", "ihrer", "unsere", "unserer"}


_DE_ORG_KINDS = {"firma", "unternehmen", "betrieb", "konzern", "agentur", "verein"}  # never a name's first word


def _role_token(words: list[str], i: int, lang: str | None) -> bool:
    """Whether ``words[i]`` is a role / title / organisation word in a leading role run."""
    word = words[i]
    if is_title(word):
        return True
    after_det = i > 0 and is_determiner(words[i - 1])
    if is_org_word(word):
        # "company", "la société", "die Firma": only a lower-case kind, or a German noun after its article,
        # since "Hotel California" and "Bank of America" are names
        if i + 1 < len(words) and words[i + 1].lower() in {"des", "de", "du", "of", "del", "della", "do", "da"}:
            return False  # "Clinique des Tilleuls", "Bank of Ireland": the kind is part of the name
        return (word[:1].islower() or (after_det and (lang == "de" or words[i - 1].lower() in _DE_ARTICLES))
                or word.lower() in _DE_ORG_KINDS)
    if not is_role_word(word):
        return False
    if word[:1].islower() or not word[:1].isalpha() or "-" in word or word.isupper() or after_det or lang == "de":
        return True  # "illustrator", "Ex-Mann", "CEO", "the Author", German nouns
    return i > 0 and is_role_prefix(words[i - 1])  # "Former Boss X"; a bare "Uncle Sam" stays


def _strip_role_run(target: str, lang: str | None) -> str:
    """Drop a leading run of determiners, role qualifiers, role nouns and titles before a name.

    "the illustrator wilhelmina strand" -> "wilhelmina strand", "Ex-Mann Tobias Wendlinger" -> "Tobias
    Wendlinger", "CEO Anneliese Vogt" -> "Anneliese Vogt", "Frau Dr. Sabine Krollmann" -> "Sabine
    Krollmann", "mere ex rohan verma" -> "rohan verma", "صديقي السابق عمر" -> "عمر". The run must hold a
    role or title and be followed by something that can start a name."""
    words = target.split()
    if len(words) < 2:
        return target
    cut = 0
    for i in range(len(words)):
        if _role_token(words, i, lang):
            cut = i + 1
        elif not (is_determiner(words[i]) or is_role_prefix(words[i])):
            break
    while cut > 0 and words[cut - 1].lower().rstrip(".") in _KEPT_TITLES and words[cut][:1].isupper():
        cut -= 1  # "Dr. Alan Reed", "Mr. Quentin Darrow": a title right before the name may stay (both accepted)
    if cut == 0 or cut >= len(words):
        return target
    first = words[cut].strip(_EDGE)
    if not first or first.lower() in _NOT_A_NAME_START or is_determiner(first) and cut + 1 >= len(words):
        return target
    return " ".join(words[cut:])


def _role_only(target: str, lang: str | None = None) -> bool:
    """A description with no name in it: "exnovio", "o meu cunhado", "my former boss", "元上司"."""
    words = target.split()
    if not words:
        return True
    if _CJK_ANY.search(target):
        return not _CJK_ROLE_CHAIN.sub("", target + "X").strip("X ")  # the whole span is a role chain
    has_role = False
    for i, word in enumerate(words):
        if is_role_word(word) or is_title(word) or is_org_word(word):
            has_role = True
        elif not (is_determiner(word) or is_role_prefix(word)):
            return False
    return has_role


_JA_ROLES = (
    r"担任|歯医者|医師|看護師|教授|監督|コーチ|大家さん|上司|同僚|友達|友人|親友|彼氏|彼女|元彼|元カレ|元カノ|夫|妻|旦那|嫁|兄|姉|弟|妹|母親|父親|母|父|息子|娘|叔父|叔母|"
    r"伯父|伯母|いとこ|祖母|祖父|先生|先輩|後輩|部下|社長|店長|部長|課長|隣人|大家|医者|主治医|担当医|弁護士|作家|著者|"
    r"歌手|俳優|女優|会社|勤務先|職場|取引先|顧客|恋人|婚約者|義母|義父|幼なじみ|幼馴染|同級生|ルームメイト|担当者"
)
_ZH_ROLES = (
    r"前男友|前女友|男朋友|女朋友|男友|女友|老板|上司|领导|经理|同事|好朋友|朋友|闺蜜|同学|室友|哥哥|姐姐|弟弟|妹妹|妈妈|"
    r"爸爸|母亲|父亲|儿子|女儿|老公|老婆|丈夫|妻子|前夫|前妻|邻居|房东|医生|律师|老师|作者|作家|歌手|演员|公司|单位|"
    r"牙医|医师|护士|教练|司机|保姆|心理医生|治疗师|会计|秘书|助理|"
    r"姑姑|叔叔|阿姨|舅舅|表哥|表姐|表弟|表妹|堂哥|堂姐|客户|合伙人|未婚夫|未婚妻|爷爷|奶奶|外公|外婆|导师|教授"
)
# A leading chain of possessives, "former" markers and role nouns in Japanese / Chinese:
# "元上司の佐々木浩二", "会社の同僚の田中", "我前男友李文涛", "我以前的公司星河科技".
_CJK_ROLE_CHAIN = re.compile(
    rf"^(?:(?:私|僕|俺|うち|わたし|自分)の)?(?:(?:元|前|昔の|以前の|旧|前の|かつての)?(?:{_JA_ROLES})(?:の|である|だった)?)+(?=\S)"
    rf"|^(?:我们|我|他|她)?的?(?:(?:前|老|以前的|之前的|原来的|过去的|现在的)?(?:{_ZH_ROLES})的?)+(?=\S)"
)


# "我以前的公司星河科技" -> "公司星河科技" (then the role word goes); "私の" is in the role prefix below.
_CJK_POSSESSIVE = re.compile(r"^(?:我们|我|他们|他|她|你)(?:以前|之前|原来|现在|过去|的前)?的(?=[\u4e00-\u9fff]{2})")
# Japanese / Chinese honorifics after a name: "田中健一さん" -> "田中健一".
# "这家公司" / "那家店" after a Chinese name says what it names: "蓝海科技这家公司" -> "蓝海科技".
_HONORIFIC = re.compile(r"(?<=[\u3005\u3040-\u30ff\u4e00-\u9fff]{2})(?:さん|様|さま|くん|君|ちゃん|先生|氏|殿)$"
                        r"|(?<=[\u4e00-\u9fff]{2})(?:医生|大夫|老师|律师|教授|先生|女士|小姐)$"  # "张丽华医生" -> "张丽华"
                        r"|(?<=[\u4e00-\u9fff]{2})(?:这|那)(?:家|个|间|所)(?:公司|企业|单位|机构|店|餐厅|医院|诊所|学校|品牌)$"
                        r"|(?<=[\uac00-\ud7af]{2})\s*(?:씨|님|선생님)$|(?<=\S{2})\s+जी$")  # Korean 씨/님, Hindi जी


# Role words before a name in scripts without capitals or spaces ("前男友李明", "元彼の山田太郎",
# "صديقي السابق عمر فاروق", "मेरे पुराने बॉस अजय मेहता").
_SCRIPT_ROLE_PREFIX = re.compile(
    r"^(?:我的)?(?:前|老|以前的|之前的)?(?:前男友|前女友|男朋友|女朋友|老板|上司|同事|朋友|哥哥|姐姐|弟弟|妹妹|妈妈|爸爸|老公|老婆|丈夫|妻子|前夫|前妻|邻居|作者|"
    r"公司|前公司|老公司|手机号码?|电话号码?|地址|邮箱|病)"
    r"(?=[\u4e00-\u9fff]{2})"
    r"|^(?:私の)?(?:元彼|元カレ|元カノ|元夫|元妻|上司|同僚|友達|友人|兄|姉|弟|妹|母|父|夫|妻|彼氏|彼女|作家|隣人|会社|持病|病気)の"
    r"|^私の(?=\S{2})"
    r"|^(?:اسم\s+)?(?:(?:صديقي|صديقتي|السابق|السابقة|مديري|مديرتي|زميلي|زميلتي|أخي|أختي|زوجي|زوجتي|حبيبي|حبيبتي|جاري|الكاتب|شركة)\s+)+"
    r"|^(?:(?:मेरे|मेरी|मेरा|पुराने|पुरानी|पुराना|बॉस|दोस्त|भाई|बहन|सहकर्मी|पति|पत्नी|पूर्व|लेखक|कंपनी)\s+)+",
    re.UNICODE,
)
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-zÀ-ɏА-яЁё]")
_CJK_ANY = re.compile(r"[\u3005\u3040-\u30ff\u4e00-\u9fff]")
_NAME_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "la", "le",
                   "al", "el", "bin", "ibn", "y", "e", "of", "the", "and", "&"}


_PRONOUN_I = {"I", "I'm", "I'd", "I've", "I'll"}
_POSSESSIVE_HEAD = re.compile(r"^(?:(?:abt|about|of|on)\s+)?(?:my|our|mon|ma|mes|mi|mis|mein|meine|meinen|meu|minha|mio|mia|"
                              r"il\s+mio|la\s+mia|o\s+meu|a\s+minha)\s+", _F)
_TITLE_ARTICLES = {"the", "el", "la", "los", "las", "le", "les", "il", "lo", "gli"}
# A fact about the user whose object is the thing to forget: "that I have bipolar disorder", "that I work at X".
_FACT = re.compile(
    r"^(?:the\s+fact\s+)?(?:that\s+)?(?:i|i'm|i\s+am|i\s+was|i've)\s+(?:have|had|got|suffer\s+from|suffered\s+from|"
    r"was\s+diagnosed\s+with|diagnosed\s+with|been\s+diagnosed\s+with|work\s+(?:at|for|in)|worked\s+(?:at|for|in)|"
    r"working\s+(?:at|for)|live\s+(?:at|in|on)|lived\s+(?:at|in|on)|living\s+(?:at|in|on)|employed\s+(?:at|by)|"
    r"go\s+to|went\s+to|study\s+at|studied\s+at|take|took|am\s+taking|was\s+taking|am\s+on|was\s+on|on|use|used)\s+(?P<v>.+)$"
    # the same clause in the Romance languages / German: "que eu tenho fibromialgia", "que tengo diabetes",
    # "que j'ai un cancer", "che ho la celiachia", "que je prends du lithium", "dass ich Diabetes habe"
    r"|^(?:que|che)\s+(?:(?:eu|yo|je|j'|io)\s*)?(?:tenho|tinha|tengo|tenía|sofro\s+de|sufro\s+de|padezco|padeço\s+de|"
    r"tomo|tomei|tomé|ai|avais|souffre\s+d[e']|prends|ho|avevo|soffro\s+di|prendo)\s*(?P<v2>.+)$"
    r"|^dass\s+ich\s+(?P<v3>.+?)\s+(?:habe|hatte|nehme)$",
    _F,
)


# The same in Japanese / Chinese: "私が双極性障害だということ" -> "双極性障害", "我得了糖尿病" -> "糖尿病".
_FACT_CJK = re.compile(
    r"^(?:私|僕|俺|わたし|自分)(?:が|は)(?P<v>.+?)(?:だ|です|である|であること|な)?(?:という|っていう|って)?(?:こと|の)?$"
    r"|^我(?:有|得了|得过|患有|患了|在|住在)(?P<v2>.+?)(?:工作|上班|住)?(?:的事情?|这件事|这事)?$"
)
# A fact stated after "that" anywhere in a message: "... remembering that I have Crohn's disease."
_FACT_IN_TEXT = re.compile(
    r"\bthat\s+(?:i|i'm|i\s+am|i\s+was|i've)\s+(?:have|had|got|suffer\s+from|was\s+diagnosed\s+with|been\s+diagnosed\s+with|"
    r"work\s+(?:at|for)|live\s+(?:at|in|on))\s+(?P<v>[^.,;!?]+)",
    _F,
)


def _cut_to_name(target: str, lang: str | None) -> str:
    """"exnovio Javier Soto" -> "Javier Soto", "daughter is called Lily Ashford" -> "Lily Ashford":
    lower-case words in front of a capitalised name are descriptors, not the name."""
    words = target.split()
    if len(words) < 2 or not _LATIN_OR_CYRILLIC.search(target) or _CJK_ANY.search(target):
        return target
    first_cap = next((i for i, w in enumerate(words) if w[:1].isupper() and w not in _PRONOUN_I), None)
    if not first_cap or first_cap > 6:
        return target
    head, rest = words[:first_cap], words[first_cap:]
    if any(w in {"—", "–", "-", ":"} for w in head):
        return target  # "the diagnosis I gave you — bipolar II": an apposition, its value is found later
    if any(any(ch.isdigit() for ch in w) for w in head):
        return target  # "type 1 Diabetes", "14 Larkspur Lane"
    if lang == "de" and len(rest) >= 2 and ROLE_NOUNS.match(" ".join(rest) + " "):
        rest = rest[1:]
    name_words = [w for w in rest if w.lower() not in _NAME_PARTICLES]
    if not name_words or not all(w[:1].isupper() for w in name_words):
        return target  # "Paul from the CC list": the tail is not a name
    return " ".join(rest)


# Japanese / Korean particles after a target: "Quintel Labsのことは", "최지우에 대해", "山田さんの話".
_CJK_TRAIL = re.compile(
    r"(?<=\S{2})(?:のこと|の事|について|に関して|に関する|の話|の情報)?(?:は|を|も|が)?$"
    r"|(?<=[\uac00-\ud7af]{2})\s*(?:에\s*대해서?|에\s*관해서?|에\s*대한|얘기|이야기|의)?\s*(?:은|는|을|를|이|가|도)?$"
)


# A second clause after the target: ", I don't want to hear about him", " — both are behind me now",
# ", hicimos las paces", "ولا تذكره". A list item is a noun phrase (a name, a value, an organisation); a
# piece after a comma / dash / "and" that starts like a clause (a subject pronoun, a negation, a finite
# auxiliary, or a quantifier followed by a verb) is a new clause, so the target ends before it.
_CLAUSE_SEP = re.compile(
    r"\s*[,;،]\s*|\s+[—–-]+\s+|\s*[—–]\s*|\s+(?:and|but|y|pero|et|mais|und|aber|e|ma|mas|en|maar|и|а|но)\s+|\s+و(?=لا|لن|لم)",
    _F,
)
_CLAUSE_OPENERS = frozenset("""
    i i'm i've i'd i'll we we're we've you you're he she they it it's we'd they're there there's
    don't doesn't didn't won't can't cannot isn't wasn't aren't weren't never not no
    je tu elle nous vous ils elles ne c'est ça cela
    yo ya ella nosotros nosotras ellos ellas no nunca estamos somos estoy soy tengo quiero
    ich du er sie wir ihr es nicht nie kein keine keinen habe hat haben bin ist sind war waren will
    io lui lei noi voi loro non mai ho ha abbiamo sono siamo era avrei vorrei voglio
    eu ele ela nós eles elas não nunca já tenho temos estou somos foi quero
    ik jij hij zij wij we jullie niet nooit geen heb hebben ben zijn wil
    jag hon inte jeg hun ikke nie
    я ты он она мы вы они не нет никогда больше уже
    لا لن لم ما أنا نحن هو هي هم
""".split())
_NEGATIONS = frozenset("ne n' no not don't never nicht nie kein non não nunca mai не لا لن لم".split())
_CLAUSE_AUX = frozenset("""
    are is was were have has had will would can could should do did
    sont est était ont sommes son es está están fue fueron sind ist war waren haben sono è era erano hanno
    são é foi foram estão zijn is waren
""".split())
_CLAUSE_QUANT = frozenset("all both each either none neither everyone tous toutes todos todas ambos alle beide tutti entrambi".split())


def starts_clause(rest: str) -> bool:
    """True when ``rest`` (the text after a comma / dash / \"and\") starts a new clause, not a list item."""
    words = [w.strip(_EDGE).replace("’", "'") for w in rest.split()]
    words = [w for w in words if w]
    if not words:
        return False
    first = words[0].casefold()
    if first in {"لا", "ولا"} and len(words) > 1 and (not re.match(r"^[تيأن]", words[1]) or is_category_word(words[1])
                                                      or is_role_word(words[1])):
        return False  # "ولا بعيادتها", "ولا عيادة الشفاء": "nor (of) her clinic", a list item; "ولا تذكره" is a clause
    if first in _CLAUSE_OPENERS or re.match(r"^(?:j|n|c|qu|l)'(?:ai|avais|est|étais|était|aurais|en|y)\b", first):
        return True
    if re.match(r"^[a-zà-ÿ]{2,}(?:amos|emos|imos|iamo)$", words[0]):
        return True  # a first-person plural verb (es/pt/it): "hicimos las paces", "abbiamo litigato"
    if re.match(r"^[a-ząćęłńóśźż]{2,}(?:łyśmy|liśmy|łam|łem|łaś|łeś|łysmy|lismy)$", words[0]) or (
            not words[0][:1].isupper() and "się" in {w.casefold() for w in words[:3]}):
        return True  # a Polish past-tense verb or a reflexive "się": "pogodziłyśmy się", "już się pogodziliśmy"
    if len(words) >= 2 and words[1].casefold() in _CLAUSE_AUX and (first in _CLAUSE_QUANT or not words[0][:1].isupper()):
        return True  # "all three are out of my life", "both were clients"
    if len(words) >= 3 and first in _CLAUSE_QUANT and words[1].isdigit() is False and words[2].casefold() in _CLAUSE_AUX:
        return True
    return False


def _lowercase_clause(item: str, previous: str, lang: str | None) -> bool:
    """"47291836H" + "facilitado durante la reclamación", "Mistral Bleu" + "il redémarre lundi": after a
    name or value typed with capitals or digits, a lower-case piece of three or more words, two of them
    ordinary words, is a clause about it, not another list item (a lower-case name has no such words)."""
    words = [w.strip(_EDGE) for w in item.split() if w.strip(_EDGE)]
    if (len(words) < 3 or item != item.lower() or not _LATIN_OR_CYRILLIC.search(item) or concrete_values(item)
            or not any(ch.isupper() or ch.isdigit() for ch in previous)):
        return False
    if any(is_category_word(w) or is_role_word(w) or is_org_word(w) for w in words):
        return False  # "the team name", "la sua clinica": a description whose value follows
    return sum(1 for w in words if is_common(w, lang) or is_determiner(w)) >= 2


def _cut_new_clause(target: str) -> str:
    masked, saved = mask_values(target)
    for sep in _CLAUSE_SEP.finditer(masked):
        if sep.start() == 0:
            continue
        if starts_clause(unmask(masked[sep.end(): sep.end() + 120], saved)):  # the first words decide
            return unmask(masked[: sep.start()], saved)
    return target


# A chat-style span that runs on without a comma: "the Saint-Loup Hotel again its where i got dumped",
# "Wexley Park please 🙏 I'm moving back", "Dr. Bhatnagar ke baare mein jo bataya tha": a lower-case adverbial
# or politeness word, an emoji, or the Hindi/Hinglish postposition "about" ends the target.
_MID_TAIL = re.compile(
    r"(?<=\S)\s+(?-i:again|anymore|any\s+more|ever\s+again|please|pls|plz|x\s+favore|per\s+favore|por\s+favor|porfa|"
    r"s'il\s+te\s+pla[iî]t|stp|bitte|lmao|lol|haha)(?=[\s,.;!?])\s*[^\w\s]*\s*\S.*$"
    r"|\s*[\U0001F000-\U0001FAFF\u2600-\u27BF].*$"
    # an imperative with its object pronoun after a comma: ", efface-le", ", cancellalo", ", bórralo"
    r"|\s*,\s*(?-i:[a-zà-ÿ]+-(?:le|la|les|lui|en|moi)\b|(?:borra|bórra|olvida|olvída|elimina|elimína|cancella|dimentica|"
    r"apaga|apága|esquece|cancela|quita|quíta|togli)(?:lo|la|los|las|li|le)\b).*$"
    r"|(?<=\S)\s+(?:ke|ki|ka)\s+(?:baare|bare|baray|baarey)\s+(?:mein|me|main|men|mai)\b.*$"
    r"|(?<=\S)\s+(?:के|की|का)\s+बारे\s+में.*$"
    # chat without commas: a subject pronoun and its verb start a new clause ("rashida coleman she was my landlord")
    r"|(?<=\S)\s+(?-i:she|he|they|who|elle|il|ella|él|sie|er|lei|lui|ela|ele)\s+(?-i:was|is|were|are|used|had|has|"
    r"was|'s|était|est|era|es|fue|ist|war|hat|è|foi|é)\b.*$",
    re.UNICODE | re.IGNORECASE,
)
# a hesitation before the target in chat: "forget the name um rashida coleman"
_HESITATION = re.compile(r"^(?:(?:um+|uh+|erm+|er|uhm+|hmm+|ehm+|euh|eh)\b[\s,.]*)+", re.IGNORECASE)


# after a target, a description of it with a relative clause and no name: "night ferry to tallinn, the film i told u
# i was scripting", "Orla Finch, the woman I worked with", "X, the project we cancelled"
_DESCRIBING_PIECE = re.compile(
    r"^(?-i:the|a|an|my|our)\s+(?-i:[a-z-]+\s+){1,2}(?:that\s+|who\s+|which\s+)?(?:i|we|you|u|he|she|they)\s+(?-i:[a-z' ]+)$", _F)


def _chat_remark(item: str, previous: str, lang: str | None) -> bool:
    """"k.marlow@example pls, dead inbox", "0412 555 019, new phone now": after a value, a short lower-case piece
    of dictionary words is a remark about that value, not another target (a value or a typed name would be)."""
    words = [w.strip(_EDGE) for w in item.split() if w.strip(_EDGE)]
    if not words or len(words) > 4 or item != item.lower() or any(ch.isdigit() for ch in item) or "@" in item:
        return False
    if not concrete_values(previous) or concrete_values(previous)[0] != previous:
        return False
    if any(is_determiner(w) or is_category_word(w) or is_role_word(w) for w in words):
        return False  # "my old address", "the name of my employer": the next item of the list
    return all(zipf(w, lang or "en") >= 3.0 for w in words)


def _strip_trailing(target: str) -> str:
    if re.search(r"[\u3040-\u30ff\uac00-\ud7af]", target):
        target = _CJK_TRAIL.sub("", target.strip(_EDGE)) or target
    target = _MID_TAIL.sub("", target) or target
    target = _HESITATION.sub("", target) or target
    target = _cut_new_clause(TAIL_CLAUSE.sub("", target))
    target = re.sub(r"['’]s$", "", target.strip(_EDGE))
    previous = None
    while previous != target:
        previous = target
        target = target.strip(_EDGE)
        stripped = _DANGLING.sub("", TRAILING.sub("", target))
        if stripped.strip(_EDGE):
            target = stripped
    return target.strip(_EDGE)


# an English preposition left at the end when a rule's span stopped before its object
# ("forget Dana Reyes for now" -> "Dana Reyes for"): never the last word of a name worth blocking
_DANGLING = re.compile(r"\s+(?:for|to|from|with|of|in|on|at|by|about|until|till)$", _F)


_MASK = re.compile("\x00(\\d+)\x00")


def mask_values(span: str) -> tuple[str, list[str]]:
    """Replace values whose commas or "and" belong to them (e-mails, phones, IDs, dates, money, addresses,
    parenthesised and quoted parts) by placeholders, so a list split cannot cut them:
    "my number (555-0133) and my address, 4 Pellingham Close, Norwich" splits into two items."""
    spans: list[tuple[int, int]] = []
    for regex in (ADDRESS, PAREN, QUOTED, EMAIL, IBAN, DATE, MONEY, PHONE, IDTOK):
        for m in regex.finditer(span):
            if m.end() - m.start() >= 2 and not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    saved: list[str] = []
    out, position = [], 0
    for start, end in sorted(spans):
        out.append(span[position:start])
        out.append(f"\x00{len(saved)}\x00")
        saved.append(span[start:end])
        position = end
    out.append(span[position:])
    return "".join(out), saved


def unmask(text: str, saved: list[str]) -> str:
    return _MASK.sub(lambda m: saved[int(m.group(1))], text)


def _split(target: str) -> list[str]:
    if _STREET.search(target) and not concrete_values(target):
        return [target]
    masked, saved = mask_values(target)
    splitter = _SPLIT_AMP if "," in masked and "&" in masked else _SPLIT  # "lily, marco & june"
    parts = [unmask(p, saved).strip(_EDGE) for p in splitter.split(masked) if p and p.strip(_EDGE)]
    if len(parts) <= 1:
        return [target]
    # "Johnson and Johnson", "Tom & Jerry"-like names stay whole when a part is a single common word
    if any(len(p.split()) == 1 and is_common(p) and not _NAMEISH.match(p) for p in parts):
        return [target]
    return parts


# "where I bank", "the street I grew up on", "who I work for", "the school I went to": a description of a
# personal datum by a relative clause.
_RELATIVE_DESCRIPTION = re.compile(
    r"^(?:(?:the|my|our|which|what|whose)\s+)?(?:[\w'-]+\s+)?(?:where|who|what|which|that|whom)?\s*(?:i|we)(?:'m|'re|'ve)?\s+"
    r"(?:[\w'-]+\s*){1,4}$"  # "which hospital I'm treated at"
    r"|^(?:où|là\s+où|donde|wo|onde|dove|где)\s+(?:je|j'|yo|ich|eu|io|я)?\s*[\w'-]+(?:\s+[\w'-]+){0,2}$",
    _F,
)


# Condition nouns are a description only with generic modifiers ("my medical condition", "मेरी बीमारी");
# with a specific one ("bipolar disorder", "peanut allergy") they are the value.
_CONDITION_WORDS = {
    "diagnosis", "condition", "illness", "disease", "disorder", "allergy", "medication", "prescription", "maladie",
    "diagnostic", "trouble", "enfermedad", "diagnóstico", "trastorno", "krankheit", "diagnose", "erkrankung",
    "doença", "transtorno", "malattia", "diagnosi", "disturbo", "болезнь", "диагноз", "заболевание", "مرض", "مرضي",
    "تشخيص", "تشخيصي", "बीमारी", "रोग", "निदान",
}
_GENERIC_MODIFIERS = {
    "medical", "health", "mental", "current", "old", "previous", "chronic", "médical", "médicale", "médico", "médica",
    "medizinische", "medizinischen", "medico", "medica", "de", "di", "santé", "salud", "saúde", "salute",
}


def _is_description(target: str, lang: str | None = None) -> bool:
    """A description of a personal datum, not the datum: "mother's maiden name", "licence plate",
    "anniversary date", "la mia data di nascita", "عنواني", "मेरी बीमारी", "where I bank"."""
    target = target.strip(_EDGE)
    if not target or concrete_values(target) or len(target.split()) > 7:
        return False
    if DESCRIPTOR.match(target):
        return True
    words = [w.strip(_EDGE.replace("-", "")) for w in target.split()]  # (\w misses Devanagari vowel signs)
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words if w and not is_determiner(w)]
    if not words:
        return False
    lowered = re.sub(r"\bI\b", "i", target)  # "the company I work for": the pronoun is no name
    if _RELATIVE_DESCRIPTION.match(target) and (only_common_words(lowered, lang) or lowered == lowered.lower()):
        return True  # "where I bank", "the startup I co-founded": a relative clause names no one
    if not any(is_category_word(w) for w in words):
        return False
    if all(w.lower() in _CONDITION_WORDS or not is_category_word(w) for w in words) and not all(
            w.lower() in _CONDITION_WORDS or w.lower() in _GENERIC_MODIFIERS or is_role_prefix(w) for w in words):
        return False  # "bipolar disorder", "peanut allergy", "HIV diagnosis" are the datum itself
    if len(words) <= 5 and not any(ch.isupper() for ch in lowered):
        return True  # "mother's maiden name", "work email", "numéro de sécu": lower-case words around a category
    # every other word is an ordinary word (or a role: "my mother's maiden name", "mon numéro de téléphone")
    return all(is_category_word(w) or is_common(w, lang) or is_role_word(w) or is_role_prefix(w)
               for w in words) and not any(w[:1].isupper() and i > 0 and not is_category_word(w) and w != "I"
                                           for i, w in enumerate(words) if lang != "de")


# A value introduced right after its description: ", which is Castellane", ": KX19 TRV", ", é Rua das
# Acácias, 214, Campinas", "، وهو 14 شارع الياسمين، عمّان", "? It's September 2nd."
_VALUE_INTRO = re.compile(
    r"^\s*(?:(?:anymore|any\s+more|again|please|pls|too|as\s+well|بعد\s+الآن|من\s+فضلك)\s*)*"
    r"(?:[.!?]\s*(?=(?:it'?s|it\s+is|it\s+was|its|that'?s|that\s+was|c'est|c'était|es|era|das\s+ist|das\s+war|ist\s+es|"
    r"è|é|era|это|وهو|وهي)\b)|[,:;—–-]\s*|\s+)?"
    r"(?:(?:which|that)\s+(?:is|was)|it'?s|it\s+is|it\s+was|its|that'?s|that\s+was|c'était|das\s+war|era|"
    r"(?:(?:a|an|the|un|une|una|uno|eine?|um|uma)\s+[\w-]+\s+)?(?:called|named|appelée?|llamad[oa]|namens|chiamat[oa]|chamad[oa])|namely|i\.e\.|called|named|is|was|c'est|qui\s+est|"
    r"à\s+savoir|es|que\s+es|ist|das\s+ist|ist\s+es|nämlich|é|que\s+é|è|che\s+è|cioè|ou\s+seja|это|то\s+есть|"
    r"وهو|وهي|أي|:)\s*(?P<v>[^.!?;]+)"
    r"|^\s*,\s*(?P<v2>[^.!?;]*\d[^.!?;]*|(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁ])[^.!?;]*)",
    _F,
)
# Verb-final languages: "मुझे हाइपोथायरॉइडिज़्म है" (I have X), "住所は東京都港区です".
_VALUE_FINAL = re.compile(
    r"(?:मुझे|मेरा|मेरी|मेरे)\s+(?:[^\s।]+\s+)?(?P<v>[^।.!?,]+?)\s+(?:है|था|थी|हैं)(?=[\s।.!?,]|$)"
    r"|(?:は|が)(?P<v2>[^、。！？]{2,30}?)(?:です|だ|でした)"
    r"|是(?P<v3>[^，。！？]{2,30}?)(?:[，。！？]|$)"
)


_MEMORY_ADVERBIAL = re.compile(
    r"^\s*(?:from|out\s+of|in)\s+(?:your\s+|my\s+|the\s+|ur\s+)?(?:memory|memories|records?|mind|notes|files?|database)\b"
    r"|^\s*(?:de\s+(?:ta|votre|tu|su)\s+(?:mémoire|memoria)|dalla\s+tua\s+memoria|da\s+(?:tua|sua)\s+memória|"
    r"aus\s+deinem\s+(?:gedächtnis|speicher)|из\s+(?:своей\s+)?памяти)", _F)


def _value_after(target: str, text: str, lang: str | None = None) -> str | None:
    """The value the message gives for the description ``target`` (right after it, or in the next sentence)."""
    key = target.strip(_EDGE)
    at = text.find(key) if key else -1
    rests = []
    if at >= 0:
        rests.append(text[at + len(key):])
    for rest in rests:
        # "my home address from your memory: 27 Wexcombe Road, ...": the adverbial stands between them
        rest = _MEMORY_ADVERBIAL.sub("", rest, count=1)
        lead = re.match(r"^\s*(?:[,:(]|—|–|-|is|was)?\s*", rest, _F)
        head = rest[lead.end():] if lead else rest
        address = ADDRESS.match(head)
        if address:
            return address.group().strip(_EDGE)
        values = concrete_values(head[:80])
        if values and head.startswith(values[0].lstrip("(")[:1]) or values and head.startswith(values[0]):
            return values[0]  # "my email address, lena.k@example.net" (the dots would end a sentence)
        m = _VALUE_INTRO.match(rest)
        if m:
            value = _cut_value(m.group("v") or m.group("v2"), lang)
            if value:
                return value
        m = re.match(r"^\s*(?:(?:again|anymore|please|too)\s*)*[,:—–]\s*(?P<v>[^.!?;,]{2,40})", rest, _F)
        named = _conditions_in(m.group("v"), owned_only=False) if m and is_condition(m.group("v").split()[0]) else []
        if named:
            return named[0]  # "my diagnosis again, coeliac disease": a lower-case condition as the value
    m = _VALUE_FINAL.search(text[at + len(key):] if at >= 0 else text) or _VALUE_FINAL.search(text)
    if m:
        value = _cut_value(next(g for g in m.groups() if g), lang)
        if value:
            return value
    return None


# A value named in its own sentence or clause after the description: "The company is called Vantor
# Hollis", "La empresa se llama X", "Företaget heter X", "L'azienda è X", "C'est la Clinique des Tilleuls",
# "– es ist Morbus Crohn", "，是乙肝", "، وهو السكري". The subject must be a category or organisation word
# (checked in code) or a pronoun / demonstrative, and the copula a naming verb.
_NAMED_VALUE = re.compile(
    r"(?:^|[.!?;:,،。！？，]\s*|\s[—–-]+\s*)"
    # a discourse marker before it: "For the record it's X", "btw it's X", "übrigens ist es X"
    r"(?:(?:for\s+the\s+record|btw|fyi|just\s+so\s+you\s+know|honestly|anyway|actually|well|ok(?:ay)?|"
    r"pour\s+info|en\s+fait|por\s+cierto|de\s+hecho|übrigens|tra\s+l'altro|na\s+verdade)\s*,?\s+)?"
    r"(?:it'?s|it\s+is|it\s+was|that'?s|c'est|c'était|es\s+ist|das\s+ist|das\s+war|es\s+war|è|é|es|era|это|"
    r"(?:و)?(?:هو|هي|كان|كانت)"
    # a pro-drop naming verb opening its sentence: "... el nombre de mi empresa. Se llama X."
    r"|(?<=[.!?;:,]\s)(?:(?:elle|il|ella|él|ela|ele|lei|lui|er|sie|es|she|he|it|она|он|оно)\s+)?"
    r"(?:se\s+llama|s'appelle|heißt|si\s+chiama|chama-se|se\s+chama|называется|heet|heter|is\s+called|is\s+named)"
    r"|(?:(?:the|its|la|el|le|il|lo|l'|die|der|das|o|a|det|den|de|het|my|mon|ma|mi|mein|meine|meu|minha|"
    r"il\s+mio|la\s+mia)\s*)?(?P<cat>[\w-]+)\s+"
    r"(?:is\s+called|is\s+named|was\s+called|is|was|se\s+llama|se\s+llamaba|es|era|s'appelle|s'appelait|est|était|"
    r"heißt|hieß|ist|war|heter|hette|är|var|si\s+chiama|si\s+chiamava|è|chama-se|se\s+chama|é|называется|называлась|"
    r"heet))(?:\s*:)?\s+(?P<v>[^!?;。！？\n]+)"
    r"|(?:^|[，,、]\s*)(?:就是|是|叫做|叫)(?P<zh>[^，。！？,]{2,30})"
    r"|(?:^|[—–।,]\s*)(?:वो|वह|यह|ये)\s+(?:है|हैं|था|थी)\s+(?P<hi>[^।.!?,]{2,60})"  # "— वो है सूर्योदय टेक्सटाइल्स"
    r"|[。！？.!?]\s*(?P<ja>[^。！？.!?、]{2,30}?)(?:です|でした|だ|っていうの|っていいます|といいます|って言うの|って言います|"
    r"っていう名前|という名前)(?=[。！？.!?]|$)",  # "勤務先は…。株式会社ミナト精機です。"
    _F,
)


def _named_value(text: str, start: int, lang: str | None, *, need_cat: bool = False) -> str | None:
    """The first value named after position ``start`` of ``text`` (see ``_NAMED_VALUE``).

    ``need_cat``: only "<category> is X" counts ("The employer was Pellworth & Sons", "My diagnosis is X")."""
    for m in _NAMED_VALUE.finditer(text, max(0, start)):
        cat = m.group("cat")
        if cat and not (is_category_word(cat) or is_org_word(cat)):
            continue
        if need_cat and not cat:
            continue
        if m.group("zh") or m.group("ja") or m.group("hi"):
            value = (m.group("zh") or m.group("ja") or m.group("hi")).strip(_EDGE)  # "，是乙肝": a named disease is often a common word
            if len(value) >= 2 and not _role_only(value, lang):
                return value
            continue
        value = _first_sentence(m.group("v"))  # "Ferraris & Bocchi S.p.A." keeps its dots
        value = re.split(r"\s+[—–-]+\s+|\s*[—–]\s*", value)[0]  # "— bipolar II — from your memory"
        value = _cut_value(value, lang)
        if value and not _is_description(value, lang):
            return value
    return None


_REQUEST_AFTER_VALUE = re.compile(
    r"\s*[,;]\s+(?=(?:(?:just|so|and|but|pls|please|now|then|et|y|e|und|mais|pero|ma|mas|aber)\s+)*"
    r"(?:forget|delete|erase|remove|drop|wipe|scrub|purge|don'?t|do\s+not|never|oublie|efface|supprime|olvida|borra|"
    r"elimina|vergiss|lösch|dimentica|cancella|esquece|apaga|esqueça)\b)", _F)


def _cut_value(value: str, lang: str | None) -> str | None:
    """Clean a value found after a description: keep an address or concrete value whole, drop fillers."""
    value = value.strip(_EDGE)
    if not value:
        return None
    # "it's Ironvale Fitness, just forget that": the request after the value is a new clause
    value = _REQUEST_AFTER_VALUE.split(value)[0].strip(_EDGE) or value
    if _BLOOD_TYPE.fullmatch(value):
        return value
    address = ADDRESS.match(value)
    if address:
        return address.group().strip(_EDGE)
    values = concrete_values(value)
    if values and len(values[0]) >= len(value) - 4:
        return values[0]
    value = _strip_trailing(_strip_leading(value, lang))
    if not value or only_common_words(value, lang) or _role_only(value, lang) or len(value.split()) > 6:
        return None
    return value


def _before_honorific(cand: str, text: str) -> bool:
    """"田中さん", "박지훈 씨", "Mr. Lee": an honorific after (or a title before) a word makes it a name, even
    when the word is also common ("田中" is a frequent word as well as a surname)."""
    key = re.escape(cand)
    if (re.search(key + r"\s*(?:さん|様|さま|くん|ちゃん|先生|氏|殿|씨|님|जी)", text)
            or re.search(r"(?:^|\s)(?:(?i:Mr|Mrs|Ms|Dr|Dra|Prof|Herrn?|Frau|Mme|Sr|Sra)|M)\.?\s+" + key + r"\b", text)):
        return True
    # a kinship or role word right before one capitalised word ("Onkel Heinz", "my sister Hope", "tía Rosa"): a name
    if len(cand.split()) == 1 and cand[:1].isupper() and not cand.isupper():
        before = re.search(r"(\w[\w-]*)\s+" + key + r"\b", text)
        return bool(before and is_role_word(before.group(1)) and before.group(1).casefold() != cand.casefold())
    return False


# A demonstrative target ("it", "वो", "eso") refers back to a value set off by commas after its description:
# "मेरी बीमारी के बारे में जो बताया था, थायरॉइड, वो याद मत रखना", "my illness, lupus, forget it".
_DEMONSTRATIVES = {"it", "that", "this", "ça", "cela", "eso", "esto", "das", "dies", "isso", "isto", "quello",
                   "questo", "это", "ذلك", "هذا", "वो", "वह", "ये", "यह", "उसे", "इसे", "それ", "这个", "那个"}
_SUMMARY_NOUN = re.compile(r"这件事(?:情)?|这事|那件事(?:情)?|那事|此事|这个事(?:情)?|这一点|このこと|そのこと|この件|その件|"
                           r"that|this|it|that\s+fact|this\s+fact|ça|cela|eso|esto|isso|isto|das|dies", _F)
_FACT_CJK_IN_TEXT = re.compile(
    r"我(?:之前|以前|现在)?(?:有|得了|得过|患有|患了|被诊断出|被诊断为|被确诊为?)(?P<v>[\u4e00-\u9fff]{2,8}?)(?=[。，,！!？?；]|$)"
    r"|(?:私|僕|俺|自分)(?:は|が)(?P<v2>[\u30a0-\u30ff\u4e00-\u9fff]{2,12}?)(?:です|だ|なんです|を患っています|があります)")
_APPOSITION_IN_TEXT = re.compile(r"(?P<head>[^,.;!?।]{1,80}),\s*(?P<v>[^,.;!?।]{2,40}?)\s*,")  # bounded: linear


def _apposition_value(text: str, lang: str | None) -> str | None:
    for m in _APPOSITION_IN_TEXT.finditer(text):
        head, value = m.group("head"), m.group("v").strip(_EDGE)
        if (any(is_category_word(w.strip(_EDGE)) for w in head.split()) and not starts_clause(value)
                and not only_common_words(value, lang) and not _is_description(value, lang)):
            return value
    return None


_ARTICLE_LANGS = {"fr", "es", "it", "pt", "de"}
_FUNCTION_WORDS = frozenset("""
    de da di du des del della do dos das con per par pour sur su sobre com para mit für über von und et y e o ou oder
    que che qui was who what which with from about for and or the not
""".split())


def _bare_lowercase_name(cand: str, text: str, lang: str | None) -> bool:
    """"dimentica lorenzo bianchi", "borra toda la información sobre lucía fernández": in a language whose
    common nouns take an article, two or three lower-case words with no article before them are a name typed
    in chat style, even when each word is also frequent ("lorenzo", "bianchi")."""
    if lang not in _ARTICLE_LANGS:
        return False
    words = cand.split()
    if not 2 <= len(words) <= 3 or cand != cand.lower():
        return False
    for word in words:
        bare = word.replace("-", "")
        if (len(bare) < 3 or not bare.isalpha() or word in _FUNCTION_WORDS or word in _CLAUSE_OPENERS
                or is_determiner(word) or is_role_word(word) or is_org_word(word) or is_category_word(word)
                or is_role_prefix(word) or word in _NOT_A_NAME):
            return False
    at = text.find(cand)
    before = [w.strip(_EDGE).casefold() for w in text[:at].split()[-1:]] if at > 0 else []
    # "su" / "de" before it are prepositions here ("su lorenzo bianchi"), so are the Spanish personal "a" and
    # the Portuguese article of a first name ("a ana costa"); a plural or elided article is not
    return not (before and before[0] not in _FUNCTION_WORDS and before[0] not in {"a", "o"}
                and (is_determiner(before[0]) or before[0].endswith("'")))


def _single_name_like(cand: str) -> bool:
    """One word that could be a first name: letters only, 3+ of them, not a pronoun / determiner / description."""
    word = cand.strip(_EDGE)
    return (" " not in word and len(word) >= 3 and word.replace("-", "").isalpha() and word.casefold() not in _PRONOUNS
            and not is_determiner(word) and not is_category_word(word) and not is_role_word(word)
            and word.casefold() not in _NOT_A_NAME)


_NOT_A_NAME = {"everything", "anything", "something", "nothing", "that", "this", "these", "those", "what", "stuff",
               "things", "thing", "topic", "subject", "again", "tout", "todo", "tudo", "tutto", "alles", "всё", "все"}


_CJK_DESCRIPTION = re.compile(
    r"病|症|诊断|診断|地址|住址|住所|公司|会社|单位|名字|姓名|名前|号码|番号|邮箱|メール|电话|電話|手机|携帯|工作|职场|職場|"
    r"勤務先|小区|学校|医院|病院|诊所|住|哪|什么|何|银行|銀行|账号|口座|生日|誕生日|项目|プロジェクト")


def _wants_value(cand: str, lang: str | None) -> bool:
    """A candidate that only describes its datum ("my clinic", "dónde trabajo", "dass du meine Diagnose
    speicherst", "诊断结果"): a value named after it in the message replaces it."""
    if concrete_values(cand):
        return False
    if _is_description(cand, lang) or _role_only(cand, lang) or only_common_words(cand, lang):
        return True
    if _CJK_ANY.search(cand):
        # a short description holds a category word ("诊断结果", "我住的小区", "勤務先"); a bare name ("张丽华")
        # is the target itself, whatever is named later in the message
        return len(cand) <= 8 and bool(_CJK_DESCRIPTION.search(cand))
    if re.search(r"[\u0600-\u06ff]", cand):
        return len(cand) <= 8  # a short caseless description; the value must still be named after it
    words = cand.split()
    return len(words) <= 6 and all(w == w.lower() or is_category_word(w) for w in words)


_QUALIFIED_NUMBER = re.compile(
    r"^(?:my|mon|ma|mi|mein\w*|meu|minha|mio|mia|мой)\s+(?:[\w-]+\s+)?(?:numbers?|phone|mobile|cell|número|numero|numéro|nummer|"
    r"telefone|teléfono|telefono|téléphone|telefonnummer|handynummer|celular|móvil|portable|cellulare|номер)\s+"
    r"(?:de|do|da|del|di|du|from|in|at|aus|in|из|в)\s+\S.*$", re.I)


def _qualified_number(span: str, text: str) -> list[str]:
    """A phone / number descriptor qualified by a place or a use ("my number from Paris", "meu número de Londres"),
    with the number itself stated elsewhere in the message: that number is the target."""
    span = span.strip(_EDGE)
    if not _QUALIFIED_NUMBER.match(span) or concrete_values(span):
        return []
    stated = [v for v in concrete_values(text) if any(ch.isdigit() for ch in v)]
    return stated[:1]


def _descriptor_value(target: str, text: str, lang: str | None = None) -> str | None:
    """The value a descriptor stands for, when the message gives it."""
    # value inside the target: "my phone number 555-0142", "my address, 14 Larkspur Lane, Duluth"
    address = ADDRESS.search(target)  # first: an address holds its postcode ("Sheffield S10 3GT", "1250-146 Lisboa")
    if address:
        return address.group().strip(_EDGE)
    values = concrete_values(target)
    if values:
        return values[0]
    fact = _FACT.match(target.strip(_EDGE))
    fact_v = next((g for g in fact.groups() if g), "") if fact else ""
    if fact_v and (not only_common_words(fact_v) or is_condition(fact_v)):
        return _strip_trailing(_strip_leading(fact_v))
    # "my diagnosis: X", "mi diagnóstico de fibromialgia", "la mia diagnosi di celiachia"
    for sep in re.finditer(r"\s+(?:of|is|was|as|de|di|da|do|von|об|о)\s+|\s*[:=]\s*|\s+[—–-]\s+", target):
        head, value = target[: sep.start()].strip(), target[sep.end():].strip(_EDGE)
        if ((DESCRIPTOR.match(head) or _is_description(head, lang)) and value and not only_common_words(value)
                # "trastorno de ansiedad" is one name, not "ansiedad" ("diagnosis of celiac disease" still gives the value)
                and not (head.split() and head.split()[-1].casefold() in _CONDITION_KINDS)
                and not DESCRIPTOR.match(value) and not _role_only(value, lang)
                and not _is_description(value, lang)):  # "le nom de ma clinique", "… de mon employeur": no value
            return value
    paren = PAREN.search(target)
    if paren:
        return paren.group(1).strip(_EDGE)
    m = re.match(r"^(.*?)(?:\s*[:,]\s*|\s+)(?P<v>\S.*)$", target)
    if m and DESCRIPTOR.match(m.group(1).strip()) and not DESCRIPTOR.match(target.strip()):
        value = m.group("v").strip(_EDGE)
        if value and not only_common_words(value):
            return value
    if not _is_description(target, lang):
        return None
    value = _value_after(target, text, lang)  # ", which is Castellane", ". It's Halloran Mutual."
    if value:
        return value
    at = text.find(target.strip(_EDGE))
    value = _named_value(text, at + len(target.strip(_EDGE)) if at >= 0 else 0, lang)
    if value:
        return value  # "... where I work. The company is called Vantor Hollis."
    # the value elsewhere in the message
    name = NAME_IS.search(text)
    if name:
        return name.group("v").strip(_EDGE)
    if _PERSON_NAME_DESCRIPTION.match(target.strip(_EDGE)):
        # "the emergency contact I gave you, Lorna Beckwith, 07700 900317 ... remove both her name and number":
        # a person's name is the one full name the message gives, never its phone number
        names = [n for n in _capitalised_names(text, lang) if len(n.split()) >= 2 and not starts_clause(n)]
        return names[0] if len(names) == 1 else None
    values = concrete_values(text)
    address = ADDRESS.search(text)
    if address and (not values or address.start() <= text.find(values[0]) < address.end()):
        return address.group().strip(_EDGE)  # "... Swindon SN2 4PL": the postcode is part of the address
    if values:
        return values[0]
    paren = PAREN.search(text)
    if paren and not only_common_words(paren.group(1)):
        return paren.group(1).strip(_EDGE)
    sentence = VALUE_SENTENCE.search(text)
    if sentence:
        value = _cut_value(sentence.group("v"), lang)
        if value:
            return value
    return None


# Postcodes after the town: UK "Bristol BS3 4QX", or before it: "31000 Toulouse", "4050-265 Porto".
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
_TOWN = r"[A-ZÀ-Þ][a-zà-ÿ'-]+(?:\s+[A-ZÀ-Þ][a-zà-ÿ'-]+)?"  # letters only: "Sheffield S10 3GT" keeps its postcode
_US_STATE_ZIP = r"(?:,?\s+[A-Z]{2},?\s+(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d))"  # "Tacoma WA 98402", "Austin, TX 78701", "Halifax NS B3J 1Z4"
_TOWN_WITH_CODE = rf"(?:,\s*(?:\d{{4,5}}(?:-\d{{3}})?\s+)?{_TOWN}(?:\s+{_UK_POSTCODE}|{_US_STATE_ZIP})?)?"
ADDRESS = re.compile(
    r"(?:(?i:flat|apt\.?|apartment|unit|suite)\s+(?:\d+[a-zA-Z]?|[A-Z])\b,?\s+)?"  # "flat 3, 9 Harrow Close, Norwich"
    r"\d+[a-zA-Z]?\s+(?:[A-ZÀ-Þ][\w'-]*\s+){1,4}(?:Lane|Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|"
    r"Place|Pl|Square|Sq|Terrace|Close|Crescent|Parkway|Highway|Row|Mews|Gardens|Hill|Walk|Alley|Circle|Trail|Grove|"
    r"Rise|View|Park|Green|Vale|Gate)"
    r"\b\.?(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|Ste|#)\.?\s*[\w-]+)?"
    + _TOWN_WITH_CODE +
    r"|(?:\b\d+[a-z]?,?\s+(?i:rue|calle|avenida|via|viale|piazza|rua|avenue|travessa|largo|paseo|corso|boulevard|chemin|allée|place|impasse)\s+|"
    r"\b(?:Rue|Calle|Avenida|Via|Viale|Piazza|Rua|Avenue|Travessa|Largo|Paseo|Corso)\s+|"
    r"\b(?:rue|calle|avenida|rua|travessa|paseo|viale|piazza|corso)\s+(?=[A-ZÀ-Þ][\w'-]+(?:\s+[\w'-]+){0,3}\s+\d))"  # "calle Olmedo 14, 2ºA"
    r"[^,.;!?]{2,40}?"
    r"\s*\d*(?:,\s*(?:n[º°o.]?\s*)?\d+(?:[º°ªoa][A-Za-z]?|[a-zA-Z])?)?"  # "Calle Olmo 7, 2ºA" (NFKC: "2oA")
    # a unit after the number ("Via dei Cipressi 14, int. 3", "Rua X 5, apto. 12", "rue Y 8, bât. B, 3e étage")
    r"(?:,\s*(?i:int|interno|scala|sc|piano|apt|appt|apto|apart|piso|dpto|depto|esc|bloco|bl|andar|bât|bat|étage|escalera|"
    r"puerta|pta|porta)\.?\s*[\w-]{1,4})*"
    r"(?:,\s*(?:\d{4,5}(?:-\d{3})?\s+)?[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)?"
    r"(?=[.;!?)。！？]|\s+[\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff]|,\s+[a-zà-ÿ]|$)"  # ", ahora sí …": a clause
    r"|\b\d+\s+(?:شارع|طريق|ش\.)\s+[^.،,!?؟]{2,40}?(?:،\s*[^.،,!?؟\s]+)?(?=[.!?؟]|$)"
    # "شارع الياسمين، مبنى 12، شقة 5، جدة": building / flat / floor numbers after the street
    r"|(?:شارع|طريق|حي)\s+[^.،,!?؟\d]{2,30}?(?:\s*\d+)?(?:\s*[،,]\s*(?:مبنى|عمارة|بناية|فيلا|شقة|طابق|الطابق|"
    r"رقم|منزل|بيت)\s*\d+)+(?:\s*[،,]\s*[^.،,!?؟\s\d]+)?"
    r"|(?:شارع|طريق)\s+[^.،,!?؟\d]{2,30}?\s*\d+(?:\s*[،,]\s*[^.،,!?؟\s]+)?"  # "شارع الملك فهد 22، الرياض"
    r"|\b[A-ZÀ-Þ][\w-]*(?:straße|strasse|weg|platz|allee)\s+\d+[a-z]?(?:,\s*(?:\d{5}\s+)?[A-ZÀ-Þ][\w'-]*)?"
    # Russian: "ул. Лесная, д. 7, кв. 12, Казань"
    r"|(?:ул\.|улица|пр\.|просп\.|проспект|пер\.|переулок|бульвар|шоссе|наб\.)\s*[А-ЯЁ][\w-]*(?:\s+[А-ЯЁа-яё][\w-]*)?"
    r"(?:,\s*(?:(?:д\.|дом|кв\.|квартира|корп\.|к\.|стр\.)\s*)?\d+[а-я]?(?:/\d+)?)+(?:,\s*[А-ЯЁ][а-яё-]+)?"
    # the same typed in Latin letters: "ul. Sadovaya 9, kv. 4, Tver", "prospekt Mira 12, kv. 30, Moskva"
    r"|\b(?i:ul\.|ulitsa|ulica|pr\.|prosp\.|prospekt|per\.|pereulok|bul'?var|shosse|nab\.)\s*[A-Za-z][\w'-]*"
    r"(?:\s+[A-Za-z][\w'-]*)?(?:\s+\d+[a-z]?(?:/\d+)?)?"
    r"(?:,\s*(?:(?i:d\.|dom|kv\.|kvartira|korp\.|k\.|str\.)\s*)?\d+[a-z]?(?:/\d+)?)*(?<=\d)(?:,\s*[A-Z][a-z'-]+)?"
    # Chinese: "北京市朝阳区建国路88号", "上海市浦东新区世纪大道100号"
    r"|[\u4e00-\u9fff]{2,12}(?:省|市|区|县)[\u4e00-\u9fff]{0,20}?(?:路|街|道|巷|胡同|大道)\d+号(?:\d+(?:室|楼|栋))*"
    # chat style, lower case: "calle mayor 12, madrid", "rua das flores 45, porto"
    r"|\b(?:calle|rua|via|viale|avenida|rue|avenue|piazza|paseo)\s+[a-zà-ÿ][^,.;!?\d]{1,40}?\s*\d+[a-z]?(?:,\s*[a-zà-ÿ][\w'-]+)?"
    r"(?=[.;!?]|$)"
    # Hindi: "42, गांधी नगर, जयपुर" (number, locality, one-word town)
    r"|(?:(?:फ्लैट|फ़्लैट|मकान(?:\s+नं\.?|\s+नंबर)?|घर(?:\s+नं\.?|\s+नंबर)?|प्लॉट(?:\s+नं\.?|\s+नंबर)?|हाउस\s+नं\.?)\s*)?"  # "फ्लैट 204, साईं अपार्टमेंट, पुणे"
    r"(?<![\w,])\d+[a-zA-Z]?(?:/\d+)?,\s*(?:[\u0900-\u097f]+\s+){0,3}[\u0900-\u097f]+(?:,\s*[\u0900-\u097f]+)+"
    # Indian chat style: "flat 302, sai residency, pune"
    r"|(?i:\b(?:flat|house\s+no\.?|h\.?\s?no\.?|plot\s+no\.?|plot)\s*\d+[a-z]?(?:,\s*[a-z][\w ]{1,30}?){1,3}(?=[.;!?]|$))",
    re.UNICODE,
)


def _merge_addresses(raw: list[str], text: str) -> list[str]:
    """Re-join list pieces that were an address split at its commas ("14 Larkspur Lane", "Duluth")."""
    addresses = [m.group().strip(_EDGE) for m in ADDRESS.finditer(text)]
    if not addresses:
        return raw
    merged: list[str] = []
    for piece in raw:
        for address in addresses:
            if piece.strip(_EDGE) and piece.strip(_EDGE) in address:
                if address not in merged:
                    merged.append(address)
                break
        else:
            merged.append(piece)
    return merged


_POSSESSIVE = re.compile(r"(?:^|[\s,])(?:my|our|his|her|their|the|mon|ma|mes|son|sa|ses|mi|mis|su|sus|mein|meine|meinen|sein|"
                         r"seine|ihr|ihre|meu|minha|seu|sua|mio|mia|il\s+mio|la\s+mia|il\s+suo|la\s+sua|"
                         r"мой|моя|моего|моей)\s+(?P<rest>[^,;]+)$", _F)


def _descriptor_only(cand: str, item: str, text: str) -> bool:
    """"my old landlord" (a description, no name, no value) split off a list: not a target."""
    for m in _POSSESSIVE.finditer(text):
        if m.group("rest").strip(_EDGE).endswith(cand) or cand in m.group("rest"):
            return only_common_words(cand) and not any(ch.isdigit() for ch in cand)
    return False


# A span that means "everything" (a real request with nothing specific to store).
_TOTAL_SPAN = re.compile(
    r"^(?:(?:all|every|any)\s+(?:of\s+)?)?(?:my|our)\s+(?:personal\s+)?(?:data|info|information|details)$"
    r"|^(?:everything|all|anything)(?:\s+(?:that\s+)?(?:i|you)(?:'ve|\s+have)?\s+(?:told|said|know|have|shared|mentioned|"
    r"learned|stored)(?:\s+(?:to\s+)?(?:you|me))?(?:\s+about\s+me)?)?$"
    r"|^tout(?:\s+ce\s+que\s+(?:je\s+t'ai\s+(?:dit|raconté)|tu\s+sais))?$|^(?:toutes\s+)?mes\s+données$"
    r"|^todo(?:\s+lo\s+que\s+(?:te\s+(?:dije|conté)|sabes))?$|^(?:todos\s+)?mis\s+datos$"
    r"|^alles(?:,?\s+was\s+ich\s+dir\s+(?:erzählt|gesagt)\s+habe)?$|^(?:alle\s+)?meine\s+daten$"
    r"|^tudo(?:\s+o\s+que\s+(?:eu\s+)?(?:te\s+)?(?:contei|disse|falei))?$|^(?:todos\s+)?(?:os\s+)?meus\s+dados$"
    r"|^tutto(?:\s+quello\s+che\s+ti\s+ho\s+detto)?$|^(?:tutti\s+)?i\s+miei\s+dati$",
    _F,
)


# "<description> — <value> —": the value between dashes names what the description describes.
_DASH_APPOSITION = re.compile(r"^(?P<head>[^—–]+?)\s*[—–]\s*(?P<v>[^—–]+?)\s*(?:[—–].*)?$")
_ABBREVIATED_END = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]$")  # "S.L", "S.p.A" lost the dot that ends them


# "بتشخيصي، وهو الصرع", "بعيادتها، عيادة الشفاء": a described datum (a category or role noun carrying a
# pronoun suffix) followed by an Arabic comma and its value; the value replaces the description.
_AR_APPOSITION = re.compile(r"(?P<head>[\u0600-\u06ff]+)\s*[،,]\s*(?:(?:وهو|وهي|أي|يعني)\s+)?(?=[\u0600-\u06ff\d])")


def _arabic_apposition(span: str) -> str:
    for m in _AR_APPOSITION.finditer(span):
        head = m.group("head")
        if (is_category_word(head) or is_role_word(head)) and len(span) > m.end():
            return span[: m.start()] + span[m.end():]
    return span


# A legal form written after a company name: "Tessitura Bellandi S.r.l.", "Tipografia Ribeiro & Filhos, Lda.",
# "Brockhurst Dairy Co.". A span cut at one of its dots or split at its "&" / comma gets it back.
_LEGAL_FORM = (r"(?:S\.r\.l\.|S\.p\.A\.|S\.A\.S\.|S\.A\.U?\.?|S\.L\.U?\.?|S\.à\s?r\.l\.|S\.A\.R\.L\.|B\.V\.|N\.V\.|K\.K\.|"
               r"s\.r\.o\.|sp\.\s?z\s?o\.o\.|Pty\.?\s+Ltd\.?|(?:Lda|Ltda|Co|Inc|Ltd|Corp|Cia|Bros)\.?|"
               r"GmbH|AG|KG|SARL|SAS|SpA|Srl|LLC|LLP|PLC|plc|Oy|AB|A/S|ASA|ApS)(?![\w/])")
_LEGAL_TAIL = re.compile(rf"(?:\s+&\s+[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*){{0,3}})?,?\s+{_LEGAL_FORM}", re.UNICODE)


def _complete_legal_form(value: str, text: str) -> str:
    words = value.split()
    for base in (value, " ".join(words[:-1]) if len(words) > 1 else ""):
        at = text.find(base) if base and _NAMEISH.match(base) else -1
        if at < 0:
            continue
        m = _LEGAL_TAIL.match(text, at + len(base))
        if m and len(base) + len(m.group()) > len(value):
            return base + m.group()
    return value


def _with_legal_forms(out: list[str], text: str) -> list[str]:
    """Complete each target's legal form; pieces of a completed name ("Filhos", "Lda") go."""
    full = [_complete_legal_form(o, text) for o in out]
    grown = [f for f, o in zip(full, out) if f != o]
    if not grown:
        return out
    kept: list[str] = []
    for f in full:
        if f in kept or any(f != g and f in g for g in grown):
            continue
        kept.append(f)
    return kept


def _extend_abbreviation(item: str, text: str) -> str:
    """A rule's span cut at the dot of an abbreviation ("... nem da Dra" of "... nem da Dra. Inês Pacheco",
    "моего адреса: ул" of "моего адреса: ул. Ленина, 15, кв. 42, Казань") runs on to the sentence's end."""
    key = item.rstrip() if isinstance(item, str) else item
    if not key or not key.strip(_EDGE):
        return item
    last = key.split()[-1].strip(_EDGE).casefold()
    at = text.find(key)
    if last not in _ABBREV or at < 0 or text[at + len(key): at + len(key) + 1] != ".":
        return item
    rest = text[at + len(key) + 1:]
    if last in {"co", "inc", "ltd", "corp"}:  # the name may come twice: the occurrence a list goes on from
        _and_name = r"\.\s+(?:and|&|or|as\s+well\s+as)\s+(?:(?:their|its|his|her|the|our|my)\s+(?:[a-z-]+\s+){0,2})?[A-Z]"
        listed = next((m for m in re.finditer(re.escape(key), text) if re.match(_and_name, text[m.end():])), None)
        if listed:
            rest = text[listed.end() + 1:]
    if last in {"co", "inc", "ltd", "corp"} and re.match(
            r"\s+(?:and|&|or|as\s+well\s+as)\s+(?:(?:their|its|his|her|the|our|my)\s+(?:[a-z-]+\s+){0,2})?[A-Z]", rest):
        # "Brockhurst Dairy Co. and Lumen Vale Studios", "Marrowfield Dynamics Inc. and their champion Sloane Petrakis"
        return key + "." + _first_sentence(rest).rstrip()  # "Brockhurst Dairy Co. and Lumen Vale Studios"
    if not re.match(r"\s*\S", rest) or re.match(r"\s*[a-zа-яё]", rest) and last not in {"ул", "пр", "пер", "просп", "наб"}:
        return item
    return key + "." + _first_sentence(rest).rstrip()


# A category word kept in front of (or after) the value it names, in any language: "اسم خالد المنصوري",
# "تشخيصي بمرض الصرع", "את השם יובל שטרן", "HIV diagnosis" -> the value alone (the ADHD rule of the convention).
# Only name / diagnosis words: an organisation's own kind word ("بنك الراجحي", "Project Bluefin") stays.
_LEADING_CATEGORY = re.compile(
    r"^(?:(?:بمرض|مرض|بداء|داء|اسم|الاسم|باسم|لقب|تشخيصي|تشخيص|تشخيصها|تشخيصه)\s+)+(?=[\u0600-\u06ff])"
    r"|^(?:(?:בבקשה|את|השם|שם|הכינוי|האבחנה|המחלה|אבחנה\s+של|מחלת)\s+)+(?=[\u0590-\u05ff])"
    r"|^(?:(?:नाम|बीमारी|निदान)\s+)+(?=[\u0900-\u097f])")
_TRAILING_CATEGORY = re.compile(r"^(?P<v>.+?)\s+(?:diagnosis|diagnose|diagnosi|диагноз|condition)$", _F)


def strip_category_words(target: str) -> str:
    hesitant = _HESITATION.sub("", target)
    if hesitant != target:
        target = hesitant.strip(_EDGE) or target  # "um rashida coleman" (a value's own final dot stays: "S.n.c.")
    cut = _LEADING_CATEGORY.sub("", target)
    if cut != target and cut.strip(_EDGE):
        return cut.strip(_EDGE)
    tail = _TRAILING_CATEGORY.match(target)
    if tail and (is_condition(tail.group("v")) or is_condition(tail.group("v").split()[-1]) or re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", tail.group("v"))):
        return tail.group("v")  # "HIV diagnosis", "diabetes diagnosis", "PTSD diagnosis"
    return target


_REFERENCE_BEFORE = re.compile(
    r"\b(?:in\s+connection\s+with|with\s+reference\s+to|in\s+relation\s+to|relating\s+to|pertaining\s+to|in\s+respect\s+of|"
    r"under|regarding|quoting|our\s+ref(?:erence)?|your\s+ref(?:erence)?|ref(?:erence)?\.?|re:|"
    r"en\s+relación\s+con|relativo\s+a|dans\s+le\s+cadre\s+d[eu']|concernant|im\s+zusammenhang\s+mit|bezüglich|"
    r"in\s+relazione\s+a|relativamente\s+a|referente\s+a|no\s+âmbito\s+d[aoe])"
    r"\s+(?:(?:the|my|your|our|la|le|el|mi|su|il|o|a|mon|ma|meine?[nm]?|des|der)\s+)?"
    r"(?:(?:claim|case|ticket|order|policy|file|application|account|complaint|matter|request|reference|dossier|"
    r"expediente|solicitud|reclamación|demande|réclamation|antrag|vorgang|pratica|richiesta|processo|pedido)\s+)?"
    r"(?:(?:no\.?|number|nr\.?|n[º°o]\.?|#)\s*)?$", _F)


def _drop_references(out: list[str], text: str) -> list[str]:
    """"... my date of birth (14/03/1987) in connection with claim HM-55120": the letter's reference is no target
    (only when another target remains)."""
    if len(out) < 2:
        return out
    kept = [o for o in out if not (text.find(o) > 0 and _REFERENCE_BEFORE.search(text[: text.find(o)]))]
    return kept or out


_CJK_POINTED_CATEGORY = re.compile(
    r"^(?:那个|这个|那|这|我的|他的|她的|その|この|あの)?(?:旧|老|前)?"
    r"(?:地址|住址|号码|电话号码|电话|手机号码?|邮箱|邮件地址|身份证号码?|住所|電話番号|メールアドレス)"
    r"(?:都|也|全部|一起|も)?$")
_THEIR_NAME = re.compile(
    r"(?:^|[—–:]\s*)(?:her|his|their|son|sa|su|sus|sein|seinen|ihr|ihren|il\s+suo|suo|o\s+seu|seu|o\s+nome\s+del[ae])\s+"
    r"(?:(?:full|real|whole|complete|complet|vrai|completo|vollständigen|richtigen)\s+)?"
    r"(?:name|nom|nombre|nome|namen)(?:\s+(?:completo|complet))?$", _F)
_HI_THEIR_NAME = re.compile(r"(?:उनका|उसका|इनका|इसका)\s+(?:पूरा\s+)?नाम")
_HI_SUBJECT = re.compile(
    r"^\s*(?P<n>(?:(?:डॉ\.?|डॉक्टर|श्री|श्रीमती|सुश्री|प्रो\.?)\s*)?[\u0900-\u097f]+(?:\s+[\u0900-\u097f]+){1,2}?)"
    r"\s+(?:अब|ने|को|से|तो|भी|मेरी|मेरा|मेरे|हमारी|हमारे|हमारा)\s")
_FRAGMENT = re.compile(r"\s*[.!:—–-]+\s*(?P<f>[^\s.!?,;:]+(?:\s+[^\s.!?,;:]+){0,3})\s*(?:[.!]+|$)")


def _fragment_after(pronoun: str, text: str, lang: str | None) -> str | None:
    """A verbless sentence of one to four words right after the pronoun ("FORGET HER. KIMBERLEY ASHWIN.",
    "forget him — Tomás Ferreira."), typed as a name (capitals), not ordinary words: the pronoun's referent."""
    at = re.search(rf"(?<!\w){re.escape(pronoun)}(?!\w)", text)
    if not at:
        return None
    m = _FRAGMENT.match(text, at.end())
    if not m:
        return None
    frag = m.group("f").strip(_EDGE)
    words = frag.split()
    if not all(w[:1].isupper() for w in words) or starts_clause(frag) or only_common_words(frag.title(), lang):
        return None
    if len(words) == 1 and frag.isupper() and len(frag) <= 3:
        return None  # "FORGET HIM. NOW."-like shouting, an acronym
    return frag


def clean_targets(raw: list[str], text: str, lang: str | None = None, _continued: bool = True, *,
                  keep_common: bool = False) -> list[str]:
    """Clean raw target spans found in ``text``: values, no determiners/role nouns/adverbials, split lists.

    ``keep_common``: keep a one-word target that is also a common word ("you can mention jordan again",
    "Du darfst Jörg wieder erwähnen"). A revoke only lifts entries already registered, so a first name that
    is a frequent word must reach the registry's matcher; a forget never stores such a target alone."""
    out: list[str] = []
    raw = _merge_addresses([_extend_abbreviation(r, text) for r in raw], text)
    quotes = quoted_spans(text)
    items: list[str] = []
    for item in raw:
        # a list holding values ("my number (555-0133) and my address, 4 Pellingham Close, Norwich") is split
        # first, so each item keeps its own value
        has_values = bool(item) and not _CJK_ANY.search(item) and item.strip(_EDGE) not in quotes and mask_values(item)[1]
        items.extend(_split(item) if has_values else [item])
    for position, item in enumerate(items):
        if not item or not item.strip(_EDGE) or _RECAP.match(item.strip(_EDGE)):
            continue
        if TRAILING.match(" " + item.strip(_EDGE)):
            continue  # a rule's list piece that is only an adverbial: ", tack", ", voorgoed", "in future chats"
        if position and out and (starts_clause(item) or _lowercase_clause(item, out[-1], lang)
                                 or _chat_remark(item, out[-1], lang) or _DESCRIBING_PIECE.match(item.strip(_EDGE))):
            break  # "Pieter van der Wal" + "ik wil niet meer ...": a new clause ends the list
        if (_NOT_A_TARGET_PIECE.match(item.strip(_EDGE)) or _CJK_FILLER.match(item.strip(_EDGE))
                or _ABOUT_ME_PIECE.match(item.strip(_EDGE))):
            continue  # "sorry for dumping that on you", "scrub it from whatever you remember about me"
        words0 = [w.casefold() for w in item.split()[:2]]
        if ((words0[0] in _NEGATIONS or len(words0) == 2 and words0[0] in _CLAUSE_OPENERS and words0[1] in _NEGATIONS)
                and not concrete_values(item) and not any(w[:1].isupper() for w in item.split()[1:])):
            continue  # "ne conserve": a negated verb phrase the rule's span caught, no name in it
        if _THEIR_NAME.search(item.strip(_EDGE)):
            # "forget her details — her name and her number, 555-0187": "her name" is the one person the message names
            names = [n for n in _capitalised_names(text, lang) if len(n.split()) >= 2 and not concrete_values(n)]
            if len(names) == 1:
                for name in clean_targets(names, text, lang, _continued=False):
                    if name.casefold() not in {o.casefold() for o in out}:
                        out.append(name)
                continue
        if re.match(r"^\s*\d{2,4}\)", item) and "(" + item.strip() in text:
            item = "(" + item.strip()  # "(312) 555-0199" whose bracket a rule's span lost
        whole = concrete_values(item.strip(" ,.;:!?"))
        if _BLOOD_TYPE.fullmatch(item.strip(_EDGE)):
            whole = [item.strip(_EDGE)]  # "O negative": its "O" is no article
        if len(whole) == 1 and len(whole[0]) >= len(item.strip(" ,.;:!?")):
            if whole[0].casefold() not in {o.casefold() for o in out}:
                out.append(whole[0])  # the item is one value: keep it exactly
            continue
        paren = PAREN.search(item) or re.search(r"\(([^()]{2,80})$", item.rstrip(_EDGE.replace("(", "")))
        if paren and not only_common_words(paren.group(1), lang) and not concrete_values(item.replace(paren.group(0), "")):
            item = paren.group(1)  # "my medical diagnosis (type 1 diabetes)", "持病（てんかん）"
        span = _arabic_apposition(item.strip(_EDGE))
        if _CJK_ANY.search(span):
            span = re.split(r"\s*[，,；;]\s*", span)[0].strip(_EDGE)  # "…13812345678，请删除": a new clause
            label = re.match(r"^(?P<head>[^:：]{1,10})[:：]\s*(?P<v>\S.*)$", span)
            if label and _CJK_DESCRIPTION.search(label.group("head")):
                span = label.group("v").strip(_EDGE)  # "我的诊断：抑郁症", "持病：ぜんそく": label, then value
            pointed = _CJK_POINTED_CATEGORY.match(span)
            if pointed:
                # "把刘浩然和那个地址都忘掉：上海市…88号12楼": "that address" stands for the value the message gives after it
                at = text.find(span)
                after = text[at + len(span):] if at >= 0 else ""
                found = ADDRESS.search(after) or next(iter(
                    re.finditer("|".join(re.escape(v) for v in concrete_values(after)) or r"(?!)", after)), None)
                if found:
                    value = found.group().strip(_EDGE)
                    if value.casefold() not in {o.casefold() for o in out}:
                        out.append(value)
                    continue
        dashed = _DASH_APPOSITION.match(span)
        if dashed and not only_common_words(dashed.group("v"), lang) and not starts_clause(dashed.group("v")) and not (
                concrete_values(dashed.group("head")) or ADDRESS.search(dashed.group("head"))) and (
                _is_description(dashed.group("head"), lang)
                or any(is_category_word(w) for w in dashed.group("head").split())):
            value = _strip_trailing(dashed.group("v"))  # "the condition I told you about — Crohn's colitis —"
            if value and value.casefold() not in {o.casefold() for o in out}:
                out.append(value)
            continue
        inner = [q for q in quotes if q in span and q != span]
        if _TOTAL_SPAN.match(span):
            continue
        wrapped = _WHAT_IS.match(span)
        if wrapped:
            span = next(g for g in wrapped.groups() if g)  # "what my diagnosis is" -> "my diagnosis" (its value may follow)
        fact = _FACT.match(span)
        fact_v = next((g for g in fact.groups() if g), "") if fact else ""
        if fact_v and (not only_common_words(fact_v, lang) or is_condition(fact_v)):
            span = fact_v.strip(_EDGE)  # "that I have bipolar disorder" -> "bipolar disorder"
        fact = _FACT_CJK.match(span) if _CJK_ANY.search(span) else None
        if fact and len(next(g for g in fact.groups() if g)) >= 2:
            span = next(g for g in fact.groups() if g).strip(_EDGE)
        if _EXISTS_PRONOUN.match(span):
            # "The Aeroloom X2 is a prototype ... Forget it exists": "it" is the one name the message gives
            at = text.find(span)  # the antecedent comes before the pronoun ("Forget it exists. … my Python code")
            names = _capitalised_names(text[:at], lang) if not out and at > 0 else []
            if len(names) == 1:
                for name in clean_targets(names, text, lang, _continued=False):
                    if name.casefold() not in {o.casefold() for o in out}:
                        out.append(name)
            continue
        if _SUMMARY_NOUN.fullmatch(span) and not out:
            # "我之前跟你说过我有抑郁症。…把这件事忘掉", "I told you that I have lupus … forget that": the one fact the
            # message states about the user is what the summary noun stands for
            facts = [next(g for g in m.groups() if g) for m in _FACT_CJK_IN_TEXT.finditer(text)]
            facts += [m.group("v") for m in _FACT_IN_TEXT.finditer(text) if not only_common_words(m.group("v"), lang)
                      or is_condition(m.group("v"))]
            facts = list(dict.fromkeys(f.strip(_EDGE) for f in facts if f.strip(_EDGE)))
            if len(facts) == 1:
                for value in clean_targets(facts, text, lang, _continued=False) or facts:
                    if value.casefold() not in {o.casefold() for o in out}:
                        out.append(value)
                continue
        if span.casefold() in _DEMONSTRATIVES and not out:
            value = _apposition_value(text, lang)  # "मेरी बीमारी ..., थायरॉइड, वो याद मत रखना": "वो" is the value
            if value:
                out.append(value)
            continue
        if span.casefold() in _PRONOUNS and not out:
            names = _capitalised_names(text, lang)  # "Mr. Quentin Darrow keeps coming up. Forget him."
            fragment = _fragment_after(span, text, lang)
            if fragment:
                names = [fragment]  # "FORGET HER. KIMBERLEY ASHWIN.": a bare name right after the pronoun is who
            if len(names) == 1 or names and span.casefold() in _PLURAL_PRONOUNS:
                for name in clean_targets(names, text, lang, _continued=_continued):  # (False inside a continuation: no loop)
                    if name.casefold() not in {o.casefold() for o in out}:
                        out.append(name)
            continue
        if span in quotes:
            candidates = [span]  # a quoted title is kept as written ("El jardín de ceniza")
        elif inner:
            candidates = list(inner)
            # "о моей бывшей жене Ольге Кравец и о её клинике «Медея»": a full name outside the quotes counts too
            rest = span
            for q in inner:
                rest = rest.replace(q, " ")
            candidates += [n for n in _capitalised_names(rest, lang)
                           if len(n.split()) >= 2 and _LATIN_OR_CYRILLIC.search(n) and not starts_clause(n)]
        else:
            candidates = _qualified_number(span, text)  # "meu número de Londres … É 07700 900655": the number
            for index, piece in enumerate([] if candidates else _split(_strip_trailing(_strip_leading(span, lang)))):
                if index and starts_clause(piece):
                    break
                piece = _strip_trailing(_strip_leading(piece, lang))
                value = _descriptor_value(piece, text, lang)
                if value is None and PAREN.search(piece):
                    value = PAREN.search(piece).group(1)
                if value is not None:
                    candidates.append(value)
                elif not (_RELATIVE_DESCRIPTION.match(piece) and _is_description(piece, lang)):
                    # "the startup I co-founded" without its value names nothing
                    candidates.append(PAREN.sub("", piece).strip(_EDGE))
        for cand in candidates:
            cand = _strip_edge_keep_brackets(re.sub(r"\s+", " ", cand))
            if cand and _wants_value(cand, lang):
                at = text.find(cand)
                value = _named_value(text, at + len(cand) if at >= 0 else 0, lang)
                if value:
                    if value.casefold() not in {o.casefold() for o in out}:
                        out.append(value)  # "where I work. The company is called X."; "我的病,是糖尿病"
                    continue
            if not cand or _role_only(cand, lang) or (
                    only_common_words(cand, lang) and not _before_honorific(cand, text)
                    and not is_condition(cand) and not _BLOOD_TYPE.fullmatch(cand)
                    and not (keep_common and _single_name_like(cand)) and not _bare_lowercase_name(cand, text, lang)):
                continue  # nothing nameable: "the weather", "exnovio", "o meu cunhado", "元上司"
            if _descriptor_only(cand, item, text):
                continue
            if cand.casefold() not in {o.casefold() for o in out}:
                out.append(cand)
    out = [o + "." if _ABBREVIATED_END.search(o) and o + "." in text else o for o in out]
    out = [strip_category_words(o) for o in out]
    out = _drop_references(out, text)
    # "via Po 17, Torino" found after "il suo indirizzo" and the rule's piece "via Po 17": one value, kept whole
    out = [o for o in out if not (any(ch.isdigit() for ch in o) and any(
        o != p and re.search(rf"(?:^|[,،，]\s*){re.escape(o)}(?:\s*[,،，]|$)", p) for p in out))]
    out = _with_legal_forms(out, text)
    if out and raw and _continued:
        for extra in _continuation(raw[-1], text, lang):
            if extra.casefold() not in {o.casefold() for o in out}:
                out.append(extra)
        for extra in _later_request(raw[-1], text, lang):
            if extra.casefold() not in {o.casefold() for o in out} and not any(extra in o or o in extra for o in out):
                out.append(extra)
        # two requests in one message: "Fais comme si la société X n'avait jamais existé, et oublie aussi Y"
        exist = _EXIST.search(text)
        span = next((v for v in exist.groupdict().values() if v), "") if exist else ""
        if span and not any(span in r or r.strip(_EDGE) in span for r in raw if r.strip(_EDGE)):
            for extra in clean_targets(quoted_spans(span) or [span], text, lang, _continued=False):
                if extra.casefold() in {o.casefold() for o in out} or any(extra in o or o in extra for o in out):
                    continue
                if text.find(extra) < text.find(out[0]):
                    out.insert(0, extra)  # keep the message's order
                else:
                    out.append(extra)
    return out


# A Japanese relative clause before the name: "前に忘れてと頼んだプロジェクト・オリオン" -> "プロジェクト・オリオン".
_JA_RELATIVE = re.compile(r"^[^、。]*?(?:んだ|った|した|いた|えた|めた|れた|てた|だった|ている)(?=[\u30a0-\u30ff\u4e00-\u9fff]{2})")
# A CJK rule span that caught only an adverb next to the verb ("もう忘れて", "前に忘れてと頼んだ", "記憶から消して").
_CJK_FILLER = re.compile(r"^(?:もう|前に|以前|さっき|先ほど|また|二度と|今後|記憶から|メモリから|頭から|之前|以前|再|永远|彻底|이제|다시|앞으로|전에|예전에|아까|지난번에|저번에)$")
# "her name", "his full name", "son nom", "su nombre": the name of a person the message mentions elsewhere.
_PERSON_NAME_DESCRIPTION = re.compile(
    r"^(?:(?:both|also)\s+)?(?:her|his|their|son|sa|su|sein|seinen|ihr|ihren|o\s+seu|o\s+nome\s+dele|il\s+suo|его|её)\s+"
    r"(?:(?:full|real|first|last|legal|vrai|complet|verdadero|completo|vollen|vero)\s+)?"
    r"(?:name|nom|nombre|nome|namen|имя)$", _F)
# A blood group, the value of "my blood type" ("O negative", "AB+", "A pos").
_BLOOD_TYPE = re.compile(r"(?:AB|A|B|O)\s?(?:[+-]|(?i:positive|negative|pos|neg|rh[+-]|rhesus\s+(?:positive|negative)))")
# A piece of a rule's span that is an apology or a request verb with its pronoun, never a target.
_NOT_A_TARGET_PIECE = re.compile(
    r"^(?:sorry|apologies|thanks|thank\s+you|désolée?|perdón|lo\s+siento|entschuldigung|scusa|desculpa)\b"
    r"|^(?:forget|erase|delete|remove|wipe|purge|scrub|drop|clear|oublie|efface|olvida|borra|vergiss|lösch|lösche|"
    r"dimentica|cancella|esquece|esqueça|apaga|apague)\s+(?:it|that|this|them|le|la|les|lo|las|es|das|lo|la|isso)\b"
    # an imperative with an enclitic pronoun: "efface-le", "bórralo", "cancellalo", "esquece-o"
    r"|^(?-i:[a-zà-ÿ]+-(?:le|la|les|lui|en|moi|o|a|os|as))(?:\s|$)|^(?:borra|bórra|olvida|olvída|elimina|elimína|cancella|"
    r"dimentica|apaga|apága|cancela|quita|quíta|togli)(?:lo|la|los|las|li|le)\b"
    # the letter's request itself after "and": "(und) bitte um deren umgehende Löschung", "and request its erasure"
    r"|^(?:bitte|ersuche|request|ask|demande|solicito|pido|chiedo|peço|solicitamos)\b[^.]{0,40}?\b(?:löschung|deletion|"
    r"erasure|removal|suppression|effacement|supresión|eliminación|borrado|cancellazione|eliminazione|exclusão|"
    r"apagamento|eliminação)\b",
    _F,
)
# the rest of "everything (that) you stored about me": the user as a whole, no target ("alles, was du über mich
# gespeichert hast", "tout ce que tu as enregistré sur moi", "todo lo que guardaste sobre mí")
_ABOUT_ME_PIECE = re.compile(
    r"^(?:(?:über|von|sobre|de|sur|about|on|su|di|à\s+propos\s+de)\s+)?(?-i:mich|mir|moi|mí|mim|me|myself)"
    r"(?:\s+(?-i:[a-zäöüßà-ÿ']+)){0,3}$"
    r"|^(?:(?-i:todo|tout|alles|tudo|tutto|everything)\s+)?(?-i:[a-zäöüßà-ÿ']+\s+){0,4}"
    r"(?:über|von|sobre|de|sur|about|on|su|di)\s+(?-i:mich|moi|mí|mim|me|mi)$",
    _F,
)


def about_the_user(piece: str) -> bool:
    """"mich gespeichert hast", "todo lo que guardaste sobre mí": what a total request says about the user."""
    return bool(_ABOUT_ME_PIECE.match(piece.strip(_EDGE)))


# An indirect question around a description: "what my diagnosis is", "quel est mon numéro", "cuál es mi
# dirección", "qual é o meu endereço", "was meine Diagnose ist".
_WHAT_IS = re.compile(
    r"^(?:what|which|where|who)\s+(?P<d>(?:my|our)\s+[\w' -]{2,40}?)\s+(?:is|was|are|were)$"
    r"|^(?:quel(?:le)?\s+est|cu[áa]l\s+es|qual\s+(?:é|è|e)|quale\s+(?:è|e))\s+(?P<d2>(?:(?:o|a|il|la)\s+)?"
    r"(?:mon|ma|mes|mi|mis|meu|minha|mio|mia)\s+[\w' -]{2,40})$"
    r"|^(?:was|wie|wo)\s+(?P<d3>(?:mein|meine)\s+[\w' -]{2,40}?)\s+(?:ist|war)$",
    _F,
)


# "forget (that) it exists", "oublie qu'il existe", "olvida que existe", "vergiss, dass es existiert"
_EXISTS_PRONOUN = re.compile(
    r"^(?:that\s+)?(?:it|this|that|they|he|she)\s+(?:(?:ever|even|still|really)\s+)?(?:exists?|existed)"
    r"|^(?:qu'(?:il|elle|ils|elles)|que|dass\s+(?:es|er|sie)|che|что\s+(?:он|она|оно))\s+(?:a\s+)?(?:jamais\s+)?"
    r"(?:existe|existent|existé|exista|existiert|existierte|esiste|esistito|existiu|существует|существовал[аио]?)$",
    _F,
)
# "the one I mentioned earlier", "celui dont je t'ai parlé": a recap of the previous item, not a target.
_RECAP = re.compile(
    r"^(?:the\s+(?:one|guy|girl|woman|man|person|company)\s+(?:(?:that|who|which)\s+)?(?:i|we|you)\s+(?:\w+\s+)?"
    r"(?:mention|told|talk|spoke|said|brought|asked|wrote)|celui|celle|"
    r"el\s+que|la\s+que|aquel|aquele|aquela|quello\s+che|quella\s+che|der,?\s+von\s+dem|die,?\s+von\s+der|тот,?\s+о\s+котором)",
    _F,
)
def _strip_edge_keep_brackets(value: str) -> str:
    """Strip edge punctuation, but keep an opening bracket that is closed inside: "(312) 555-0199"."""
    stripped = value.strip(_EDGE)
    if value.lstrip().startswith("(") and ")" in stripped and "(" not in stripped.split(")")[0]:
        stripped = "(" + stripped
    return stripped


# A pronoun or "that name" as the whole target refers to the one name the message gives.
_PLURAL_PRONOUNS = {"them", "both", "them both", "both of them", "eux", "ellos", "ellas", "sie beide", "eles", "elas",
                    "loro", "их", "他们", "她们"}
_PRONOUNS = _PLURAL_PRONOUNS | {
    "him", "her", "that name", "this name", "the name", "that person", "this person", "lui", "elle", "ce nom",
    "él", "ella", "ese nombre", "ihn", "sie", "ihm", "diesen namen", "den namen", "ele", "ela", "esse nome", "lo", "la",
    "quel nome", "questo nome", "его", "её", "ее", "это имя", "他", "她", "这个名字", "那个名字", "その名前", "彼", "彼女",
    # "... was Prof. Mateusz Kowalczyk. Forget his name": a possessive + "name" refers back to the one name
    "his name", "her name", "their name", "his full name", "her full name", "son nom", "su nombre", "seinen namen",
    "ihren namen", "den namen", "il suo nome", "o nome dele", "o nome dela", "o seu nome", "его имя", "её имя", "ее имя",
    "他的名字", "她的名字", "اسمه", "اسمها", "उसका नाम",
    # Hinglish object pronouns, bare or with "completely" ("usko poori tarah bhool jao"), and their names
    "usko", "usse", "use", "unko", "unhe", "usey", "usko poori tarah", "usko puri tarah", "usko bilkul", "use poori tarah",
    "use puri tarah", "unko poori tarah", "unhe poori tarah", "uska naam", "uska pura naam", "unka naam", "उसको", "उसे"}
# "..., and also my number 555-0172": a list continued after the rule's span ended.
_ALSO = re.compile(
    r"^\s*(?:(?:from|out\s+of|de|d[ae]|aus|dalla|из)\s+(?:\w+\s+)?(?:memory|mémoire|memoria|memória|gedächtnis|памяти|records))?"
    # "talk about X again, and Y too": an adverbial of the first item before the list goes on
    r"(?:\s+(?:again|anymore|any\s+more|please|de\s+nuevo|otra\s+vez|à\s+nouveau|de\s+nouveau|encore|wieder|"
    r"di\s+nuovo|de\s+novo|novamente|снова|опять))?"
    r"(?:\s*[,;]?\s*(?:(?:and|et|y|und|e|и|а)\s+(?:(?:forget|oublie|olvida|vergiss|esquece|esqueça|dimentica|забудь)\s+)?"
    r"(?:also|aussi|también|auch|anche|também|ещё|еще|так\s+же)"
    r"|plus|as\s+well\s+as|along\s+with|ainsi\s+que|así\s+como|sowie|oltre\s+a|além\s+de)\s+(?P<v>[^.!?;]+)"
    # "..., and Samir Haddad too", "y a Inés también", "und Jonas auch"
    r"|\s*[,;]?\s*(?:and|et|y|und|e|и|а)\s+(?:(?:a|à)\s+)?(?P<v2>[^.!?;,]+?)\s+(?:too|as\s+well|also|aussi|también|"
    r"auch|anche|também|тоже|также)(?=\s*[.!?;,]|\s*$)"
    # Chinese: "，还有我住的小区，叫翠湖花园", "，以及…"
    r"|\s*[，,；;]?\s*(?:还有|以及|另外还有|另外|也请忘记|也忘记|还要忘记|再忘记)(?P<v3>[^。！？!?]+))",
    _F,
)


# A second forget request in a later sentence: "Forget my work email, X, I've left that company. And forget the
# company too: Lumenforge." (the rule's span ended with the first sentence).
_LATER_REQUEST = re.compile(
    r"[.!?;]\s+(?:(?:and|also|et|y|und|e|и|а)\s+)?(?:please\s+)?(?:also\s+)?"
    r"(?:forget|erase|delete|oublie|efface|olvida|borra|vergiss|lösche|esquece|esqueça|apaga|dimentica|cancella|забудь|удали)"
    r"\s+(?:(?:also|aussi|también|auch|anche|também|тоже)\s+)?(?:about\s+|de\s+|o\s+|об?\s+)?(?P<v>[^.!?;]+)",
    _F,
)
_BEFORE_COLON = re.compile(r"\s+(?:too|as\s+well|also|aussi|también|auch|anche|também|тоже|также)(?=\s*:)", _F)


def _later_request(last: str, text: str, lang: str | None) -> list[str]:
    key = last.strip(_EDGE)
    at = text.find(key) if key else -1
    if at < 0:
        return []
    m = _LATER_REQUEST.search(text, at + len(key))
    if not m:
        return []
    value = _BEFORE_COLON.sub("", m.group("v")).strip(_EDGE)
    words = value.split()
    if not words or starts_clause(value) or not (is_determiner(words[0]) or words[0][:1].isupper()
                                                 or concrete_values(value)):
        return []  # "Forget I asked", "forget what I said about Paris": not a second item
    return clean_targets([value], text, lang, _continued=False)


def _continuation(last: str, text: str, lang: str | None) -> list[str]:
    key = last.strip(_EDGE)
    at = text.find(key) if key else -1
    if at < 0:
        return []
    m = _ALSO.match(text[at + len(key):])
    if not m:
        return []
    value = next(g for g in (m.group("v"), m.group("v2"), m.group("v3")) if g).strip(_EDGE)
    first = value.split()[0] if value.split() else ""
    if not (is_determiner(first) or first[:1].isupper() or concrete_values(value) or _CJK_ANY.search(first)):
        return []  # "... and also tell me a joke": not a list item
    return clean_targets([value], text, lang, _continued=False)


# ------------------------------------------------------------------------ generic span finder

_TRIGGER = re.compile(
    r"\b(?:forget|forgot|unlearn|erase|erasure|delete|remove|wipe|wiped|purge|scrub|drop|mention|reveal|share|"
    r"disclose|bring\s+up|talk\s+about|remember|know|knowing|store|keep|exist|exists|existed|heard\s+of|"
    r"consent|oublie|oublier|efface|supprime|mentionne|olvida|olvidar|borra|elimina|menciones|vergiss|"
    r"vergessen|lösch|lösche|erwähne|esqueça|esquece|apague|mencione|dimentica|cancella|nominare|"
    r"забудь|забыть|удали|упоминай)\b",
    _F,
)
# A run of capitalised words; "&" joins company names ("Caldwell & Pryce Solicitors"), and a French /
# Italian elision may precede the name ("d'Hélène Marchetti").
_CAPSEQ = re.compile(
    r"(?:(?<=\b[dlDL]')|(?<=\b[dlDL]’)|(?<![\w'’]))(?:[A-ZÀ-ÖØ-ÞĀ-ɏА-ЯЁ][\w'’.-]*)(?:\s+(?:(?:de|da|do|dos|das|del|della|"
    r"di|van|von|der|den|la|le|al|el|bin|ibn|y|e|&)\s+)?[A-ZÀ-ÖØ-ÞĀ-ɏА-ЯЁ][\w'’.-]*)*",
    re.UNICODE,
)
# One unit of a CJK span: a CJK character, or a whole Latin-script name with its spaces ("Quintel Labs").
# Each Latin word is one whole unit (the lookahead forbids splitting it), so matching stays linear.
_LATIN_WORD_UNIT = r"[A-Za-z0-9&][A-Za-z0-9À-ɏ.&'@+-]*(?![A-Za-z0-9À-ɏ.&'@+-])(?:\s+(?=[A-Za-z0-9&]))?"
_CJK_UNIT = rf"(?:{_LATIN_WORD_UNIT}|[^，。！？、\sA-Za-z0-9&])"
_SCRIPT_SPANS = {
    "zh": re.compile(rf"(?:把|关于|有关|忘(?:记|掉|了)|提起?|当|听说过|听过)(?P<t>{_CJK_UNIT}{{1,20}}?)"
                     r"(?:从|的(?=一切|事|所有|全部|信息|记忆|内容|资料|话题)|吧|了|不存在|这家|那家|这个|[,，。！？]|$)"
                     # topic first: "星河科技你可以记住了", "李娜的事你可以再提了"
                     rf"|(?:^|[,，。！？])(?P<t2>(?:{_LATIN_WORD_UNIT}|[^,，。！？、\sA-Za-z0-9&]){{2,20}}?)(?:的事)?(?:你|您)(?:现在)?(?:可以|能|就)?(?:再|重新)?"
                     r"(?:记住|记得|提到|提起|提|说|谈|聊)"),
    "ja": re.compile(rf"(?:^|[、。！？\s])(?:もう)?(?:二度と)?(?P<t>{_CJK_UNIT}{{1,20}}?)(?:のこと|の件|について|に関する|の話|を忘れ|は存在しない|"
                     # "と" joins a list of names ("森本さんと川口さん"), not a quoted verb ("忘れてと頼んだ")
                     r"(?<![\u3040-\u309f])(?<!二度)と(?=[\u4e00-\u9fff\u30a0-\u30ff])|(?<=さん)と|(?<=くん)と)"
                     r"|(?P<t3>[\u4e00-\u9fff\u30a0-\u30ff]{1,6}?)(?:さん|様|先生|くん|ちゃん|氏)"  # a name marked by its honorific
                     # a company with its legal form: "株式会社ホクセイ工業", "ミナト精機株式会社"
                     r"|(?P<t2>(?:株式会社|有限会社|合同会社)[^\s、。！？がをはのにともで]{2,20}|[^\s、。！？がをはのにともで]{2,20}(?:株式会社|有限会社))"),
    "ko": re.compile(r"(?P<t>[가-힣]{2,4})\s*(?:씨|님)"  # a Korean name is marked by its honorific
                     # or follows a relation word: "전 남자친구 박지훈은", "제 동료 김민수를"
                     r"|(?:친구|남자친구|여자친구|남친|여친|동료|상사|팀장|남편|아내|전처|전남편|선배|후배|사장|이웃)\s+"
                     r"(?P<t2>[가-힣]{2,4}?)(?:은|는|을|를|이|가|의|에\s*대해|에\s*대한)?(?=[\s.,!?]|$)"
                     # the noun after "that I asked you to forget": "잊어달라고 했던 한결 프로젝트, 다시 기억해도 돼"
                     r"|(?:달라고|라고)\s+(?:했던|한|부탁했던|말했던)\s+(?P<t3>[가-힣A-Za-z0-9]+(?:\s+[가-힣A-Za-z0-9]+)?)"
                     r"(?:은|는|을|를|이|가|도)?(?=\s*[,，.!?]|$)"),
    "hi": re.compile(r"(?:^|[।,!?\s])(?:कृपया\s+)?(?P<t>[^।,!?]{1,40}?)\s+(?:को\s+(?:भी\s+)?भूल|के\s+बारे\s+में|का\s+ज़िक्र|का\s+जिक्र|को\s+याद|मौजूद|और\s)"),
    "ar": re.compile(r"(?:انسَ|انس|انسى|تنسى|تنسي|عن|تذكر|تتذكر|كأن|بأن|بخصوص|بشأن|حول)\s+(?:كل\s+ما\s+تعرفه\s+عن\s+)?(?P<t>[^.،؟!]+?)"
                     r"(?=\s+(?:مرة|من|غير|أبدا|أبدًا|مجددًا|مجددا)|[.،؟!]|$)"
                     r"|(?:الخاص|الخاصة|المتعلق|المتعلقة)\s+ب(?P<t2>[^.،؟!\s][^.،؟!]*?)(?=[.،؟!]|$)"),  # "طلب النسيان الخاص بشركة X"
}


_WALA = re.compile(r"(?:^|[,.!?]\s*)(?P<t>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:wala|wali|waala|waali|vala|vali)\s+"
                   r"(?:forget|request|wali\s+baat|baat)", re.IGNORECASE)


# "act as though X does not exist", "treat X as someone you never heard of", in every language
_EXIST = re.compile(
    r"(?:pretend|act\s+(?:as\s+(?:though|if)|like)|behave\s+(?:as\s+(?:though|if)|like)|imagine|assume)\s+(?:that\s+)?"
    r"(?P<t>.+?)\s+(?:does(?:n'?t|\s+not)|did(?:n'?t|\s+not)|never|has\s+never|had\s+never|do(?:n'?t|\s+not))\s+"
    r"(?:exist|existed|happen|happened|came\s+up|come\s+up|was\s+mentioned|been\s+mentioned)"
    r"|treat\s+(?P<t2>.+?)\s+as\s+(?:if|though|someone|something|a\s+stranger|unknown|non-?existent)"
    r"|(?:you'?ve|you\s+have)\s+never\s+heard\s+of\s+(?P<t3>[^.!?;]+)"
    r"|comme\s+si\s+(?P<t4>.+?)\s+n'?(?:existait|existe|(?:a|avait)\s+jamais\s+existé)"
    r"|como\s+si\s+(?P<t5>.+?)\s+(?:no|nunca)\s+(?:hubiera\s+)?exist"
    r"|als\s+ob\s+es\s+(?P<t6>.+?)\s+nicht\s+gäbe|als\s+ob\s+(?P<t7>.+?)\s+nicht\s+existier"
    r"|finja\s+que\s+(?P<t8>.+?)\s+não\s+exist|fa[iì]\s+finta\s+che\s+(?P<t9>.+?)\s+non\s+esist"
    rf"|будто\s+(?P<t10>.+?)\s+не\s+существ|就当(?P<t11>.+?)不存在|(?P<t12>(?:{_LATIN_WORD_UNIT}|[^、。\sA-Za-z0-9&]){{1,30}}?)は存在しない"
    r"|जैसे\s+(?P<t13>.+?)\s+मौजूद|كأن\s+(?P<t14>.+?)\s+غير\s+موجود",
    _F,
)


_ABBREV = {"dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "mt", "no", "co", "inc", "ltd", "corp",
           # titles and address abbreviations of the other languages: "Dra. Inês Pacheco", "ул. Ленина, 15, кв. 42"
           "dra", "sra", "srta", "mme", "mlle", "dott", "sig", "ing", "avv", "ul", "ул", "д", "кв", "пр", "пер",
           "просп", "корп", "стр", "наб", "г", "डॉ"}


def _first_sentence(span: str) -> str:
    """"Ormsby Freight. Forget" -> "Ormsby Freight" ("Dr." and initials do not end a name)."""
    for m in re.finditer(r"[.!?]\s+", span):
        word = span[: m.start()].rsplit(" ", 1)[-1].lower().rstrip(".")
        if word in _ABBREV or len(word) == 1:
            continue
        return span[: m.start()]
    return span


# A nickname and a real name given for the same person: "Everyone calls him Big Tony, real name Anthony
# Vitale", "on l'appelle Fifou, de son vrai nom Philippe Roux", "lo chiamano Toto, il vero nome è Salvatore
# Greco". Both strings must be blocked, so each is a target.
_NAME_WORDS = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]*(?:\s+(?:(?:de|da|di|del|van|von|al|bin)\s+)?[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]*){0,3}"
_ALIAS = re.compile(
    rf"(?:(?-i:calls?|called|call)\s+(?:him|her|them|me)|known\s+as|goes\s+by|nicknamed|a\.?k\.?a\.?|"
    rf"(?:real|full|legal|birth|actual|official)\s+name(?:\s+is|\s+was|:)?|"
    rf"l'appelle(?:nt)?|(?:de\s+son\s+)?vrai\s+nom(?:\s+est)?|surnommée?|"
    rf"(?:le|la)\s+llaman|apodad[oa]|(?:su\s+)?nombre\s+real(?:\s+es)?|"
    rf"(?:lo|la)\s+chiamano|(?:il\s+suo\s+)?vero\s+nome(?:\s+è)?|"
    rf"(?:o|a)\s+chamam(?:\s+de)?|(?:o\s+seu\s+)?nome\s+verdadeiro(?:\s+é)?|"
    rf"nennen\s+(?:ihn|sie)|genannt|(?:eigentlich|richtig)\s+heißt\s+(?:er|sie)|"
    rf"зовут|по-настоящему\s+зовут|настоящее\s+имя)\s*[:,]?\s+[\"“'«]?(?P<v>{_NAME_WORDS})",
    _F,
)


def _alias_names(text: str) -> list[str]:
    names: list[str] = []
    for m in _ALIAS.finditer(text):
        value = _first_sentence(m.group("v")).strip(_EDGE)
        if value and not only_common_words(value) and value not in names:
            names.append(value)
    return names if len(names) >= 2 else []


def stated_values(text: str, lang: str | None = None) -> list[str]:
    """High-precision values stated in the message: "my name is X", e-mails, phones, IDs, quoted titles."""
    aliases = _alias_names(text)
    if aliases:
        return aliases
    name = NAME_IS.search(text)
    if name:
        return clean_targets([name.group("v")], text, lang)
    values = concrete_values(text)
    if values:
        return values
    addresses = [m.group().strip(_EDGE) for m in ADDRESS.finditer(text)]
    if addresses:
        return addresses
    quotes = quoted_spans(text)
    if quotes:
        return clean_targets(quotes, text, lang)
    named = _named_value(text, 0, lang, need_cat=True)  # "My diagnosis is bipolar II ... Scrub it from your memory"
    if named:
        return [named]
    value = _apposition_value(text, lang)  # "मेरी बीमारी, थायरॉइड, के बारे में ... याद मत रखना"
    if value:
        return [value]
    late = _LATE_APPOSITION.search(text)  # "delete it from what you know about me altogether, the ACL reconstruction."
    if (late and not only_common_words(late.group("v"), lang) and not starts_clause(late.group("v"))
            and not _NOT_A_TARGET_PIECE.match(late.group("v"))
            and (late.group("det") or any(ch.isupper() or ch.isdigit() for ch in late.group("v")))):
        return [_strip_trailing(late.group("v"))]
    return _conditions_in(text)


# the value named after the pronoun of the request, at the end of its sentence: "delete it ..., the ACL
# reconstruction.", "forget him, you know, Ravi Menon.", "oublie-le complètement, le projet Vesta."
_LATE_APPOSITION = re.compile(
    r"\b(?:forget|delete|erase|remove|wipe|drop|scrub|purge|oublie|efface|supprime|olvida|borra|vergiss|lösch|dimentica|"
    r"cancella|esquece|apaga)[-\s]+(?:it|that|this|him|her|them|le|la|les|lo|es|ihn|sie|o|a)\b[^.!?;]{0,80}?,\s*"
    r"(?P<det>(?:the|my|le|la|mon|ma|el|mi|der|die|das|il|o|a)\s+)?(?P<v>[^,.!?;]{2,40}?)(?:\s+(?:thing|stuff|business|one))?"
    r"\s*(?:[.!?;]|$)", _F)


_CONDITION_HEADS = {"disease", "disorder", "syndrome", "allergy", "attacks", "maladie", "enfermedad", "doença", "malattia",
                    "trastorno", "transtorno", "disturbo", "störung"}


_CONDITION_KINDS = _CONDITION_HEADS | {"síndrome", "sindrome", "syndrom", "trouble", "distúrbio"}


_CONDITION_OWNERS = {"my", "the", "mon", "ma", "ta", "mi", "mis", "minha", "meu", "mein", "meine", "meiner", "meinen",
                     "meinem", "mio", "mia", "la", "le", "il", "a", "o", "моя", "мою", "моей", "мой", "моём", "моем"}


def _conditions_in(text: str, *, owned_only: bool = True) -> list[str]:
    """The one medical condition a message names ("what I told you about the miscarriage ... forget it",
    "I mentioned my ADHD diagnosis ... scrub it"), as typed; none when it names several or none."""
    found: list[str] = []
    # the next word, or a preposition and the next word ("síndrome do pânico", "trastorno de ansiedad")
    for m in re.finditer(r"(?<![\w'-])[^\W\d_][\w'-]*(?=((?:\s+(?:de|do|da|del|di|des|du|of))?\s+[^\W\d_][\w'-]*)?)", text):
        for cand in (m.group() + (m.group(1) or ""), m.group()):
            test = cand
            if cand == m.group() and m.group(1) and m.group(1).split()[0].casefold() in _CONDITION_HEADS:
                cand = m.group() + m.group(1)  # "coeliac disease", "anxiety disorder" (but "ADHD diagnosis" -> "ADHD")
            before = text[: m.start()].split()[-1:]
            owned = bool(before) and before[0].casefold().strip(_EDGE) in _CONDITION_OWNERS  # "my ADHD", "the miscarriage"
            if (owned or not owned_only) and is_condition(test) and cand.casefold() not in {f.casefold() for f in found}:
                found.append(cand)
                break
    return found if len(found) == 1 else []


def _stated_items(text: str, lang: str | None) -> list[str]:
    """Concrete values, addresses and parenthesised values of a message, in order: "my salary ($84,500)
    and my diagnosis (type 1 diabetes)" -> both."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in ADDRESS.finditer(text):
        found.append((m.start(), m.group().strip(_EDGE)))
        taken.append((m.start(), m.end()))
    masked, saved = mask_values(text)
    for value in concrete_values(text):
        at = text.find(value)
        if not any(a <= at < b for a, b in taken):
            found.append((at, value))
            taken.append((at, at + len(value)))
    if not found:
        paren = PAREN.search(text)  # a parenthesised value alone counts only when nothing concrete is given
        if paren and not only_common_words(paren.group(1)):
            return clean_targets([paren.group(1)], text, lang)
        return []
    for m in PAREN.finditer(text):
        inner = m.group(1).strip(_EDGE)
        if (not any(a <= m.start(1) < b for a, b in taken) and not only_common_words(inner, lang)
                and not concrete_values(inner)):
            found.extend((m.start(), v) for v in clean_targets([inner], text, lang, _continued=False))
    return [v for _, v in sorted(found)]


def generic_targets(text: str, lang: str | None = None) -> list[str]:
    """Targets of a request no rule recognised: quoted titles, concrete values, names after the trigger."""
    exist = _EXIST.search(text)
    if exist:
        span = next(v for v in exist.groupdict().values() if v)
        inner = quoted_spans(span)
        return clean_targets(inner or [span], text, lang)
    quotes = quoted_spans(text)
    if quotes:
        return clean_targets(quotes, text, lang)
    name = NAME_IS.search(text)
    if name:
        return clean_targets([name.group("v")], text, lang)
    stated = _stated_items(text, lang)
    if stated:
        return _drop_references(stated + _more_items(text, stated, lang), text)
    if _DEMONSTRATIVES & {w.strip(_EDGE).casefold() for w in text.split()}:
        value = _apposition_value(text, lang)  # "my illness, fibromyalgia, forget it"
        if value:
            return [value]
    if (lang is None or lang not in _SCRIPT_SPANS) and re.search(r"[\uac00-\ud7af]", text):
        lang = "ko"  # Korean has no rules of its own; its names are marked by 씨 / 님
    if lang in _SCRIPT_SPANS:
        found = [next(g for g in m.groups() if g) for m in _SCRIPT_SPANS[lang].finditer(text) if any(m.groups())]
        if found:
            return clean_targets(found, text, lang)
    fact = _FACT_IN_TEXT.search(text)
    if fact and not only_common_words(fact.group("v"), lang):
        return clean_targets([fact.group("v")], text, lang)
    named = _named_value(text, 0, lang)  # "... le nom de ma clinique. C'est la Clinique des Tilleuls."
    if named and text.find(named) > 0 and any(
            is_category_word(w) or is_org_word(w)  # (a Latin word inside Japanese counts alone: "元カレのnameもう…")
            for w in re.findall(r"[A-Za-z]+|(?:[^\WA-Za-z]|[\u0900-\u097f])+", text[: text.find(named)])
    ) or named and text.find(named) > 0 and re.search(r"名前|名字|住所|電話番号|メールアドレス|地址|号码|名称",
                                                       text[: text.find(named)]):
        return [named]
    spans = _capitalised_names(text, lang)
    if spans:
        return clean_targets(spans, text, lang)
    their = _HI_THEIR_NAME.search(text)
    subject = _HI_SUBJECT.match(text) if their else None
    if subject and not only_common_words(subject.group("n"), lang):
        # "डॉ. सुनीता राठौर अब मेरी डॉक्टर नहीं हैं। … उनका नाम … हटा दो": "their name" is the person the message opens with
        return [_strip_leading(subject.group("n"), "hi") or subject.group("n")]
    conditions = _conditions_in(text)  # "I changed my mind about hiding my diabetes diagnosis": the one owned condition
    if conditions:
        return conditions
    wala = _WALA.search(text)  # Hinglish "kavya wala forget cancel karo": "the kavya one"
    if wala:
        return clean_targets([wala.group("t")], text, lang)
    # lowercase chat: the words after the trigger verb
    m = _TRIGGER.search(text)
    if m:
        tail = text[m.end():]
        tail = re.split(r"[.!?;\n]", tail, maxsplit=1)[0]
        return clean_targets([tail], text, lang)
    return []


def as_typed(target: str, original: str) -> str:
    """The target as the user typed it: the watchdog reads an NFKC-normalised message, so "3ºB" became "3oB" and
    "ＡＢＣ" "ABC"; the original characters of the same stretch of the message come back (the convention keeps
    the user's spelling). A target found verbatim, or not found at all, is returned unchanged."""
    if not target or target in original:
        return target
    folded: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(original):
        n = unicodedata.normalize("NFKC", ch).replace("’", "'").replace("‘", "'").replace("`", "'").replace("´", "'")
        if n.isspace() or not n and ch.isspace():
            n = " "
            if folded and folded[-1] == " ":
                continue
        for piece in n:
            folded.append(piece)
            where.append(i)
    at = "".join(folded).find(target)
    if at < 0:
        return target
    typed = original[where[at]: where[at + len(target) - 1] + 1]
    typed = " ".join(typed.split()).replace("’", "'").replace("‘", "'").replace("`", "'").replace("´", "'")
    return typed if unicodedata.normalize("NFKC", typed) == target else target  # (quotes stay straight)


def _more_items(text: str, stated: list[str], lang: str | None) -> list[str]:
    """Further items of a message whose stated values were found: "purge my IBAN X and the name of my employer
    ... The employer was Pellworth & Sons", "मेरा पता <address> हटा दो, और डॉ. अनीता वर्मा को भी भूल जाना"."""
    extra: list[str] = []
    last = max((text.find(v) + len(v) for v in stated if v in text), default=0)
    named = _named_value(text, last, lang, need_cat=True)
    if named:
        extra.append(named)
    if lang in _SCRIPT_SPANS:
        found = [next(g for g in m.groups() if g) for m in _SCRIPT_SPANS[lang].finditer(text) if any(m.groups())]
        found = [f for f in found if not any(v in f or f in v for v in stated)]
        if found:
            extra.extend(clean_targets(found, text, lang, _continued=False))
    return [e for i, e in enumerate(extra) if not any(e in v or v in e for v in stated + extra[:i])]


_YOUR_BEFORE = re.compile(r"\b(?:your|ur|dein|deine|deinen|deinem|deiner|deines|euer|eure|euren|tes|tus|tuoi|tue|teus|tuas|"
                          r"твоих|твоим|твои)\s+$", re.I)


def _capitalised_names(text: str, lang: str | None) -> list[str]:
    """Capitalised word runs that can be names, skipping a sentence-initial common word."""
    spans: list[str] = []
    for m in _CAPSEQ.finditer(text):
        value = _first_sentence(m.group()).strip(_EDGE)
        words = value.split()
        at_start = m.start() == 0 or text[: m.start()].rstrip()[-1:] in ".!?:;"
        while words and at_start and (is_common(words[0], lang) or words[0].lower() in {"i", "i'd", "i'm"}):
            words = words[1:]
            at_start = False
        if at_start and len(words) == 1:
            continue  # one capitalised word opening a sentence ("Plase forget ...") is not a name
        value = " ".join(words)
        if len(words) == 1 and (is_role_word(value) or is_category_word(value) or is_org_word(value)):
            continue  # a German noun is capitalised: "Mein Zahnarzt heißt Dr. Kuno Lembeck"
        if len(words) == 1 and _YOUR_BEFORE.search(text[: m.start()]):
            continue  # the assistant's own things ("in deinen Vorschlägen", "in your Suggestions"): never the user's data
        if value and value.lower() not in {"i", "gdpr"} and not (len(words) == 1 and is_common(value, lang)):
            spans.append(value)
    return spans
