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
* lists are split ("A, B and C") unless the commas belong to an address;
* targets made only of common words are dropped (``memory.common_words.only_common_words``).

Everything here is span logic over the user's own text, so targets keep the user's spelling.
"""

from __future__ import annotations

import re

from guardgraph.memory.common_words import is_common, only_common_words

__all__ = ["clean_targets", "generic_targets", "concrete_values", "quoted_spans", "stated_values"]

_F = re.IGNORECASE | re.UNICODE
_EDGE = " \t\n\"'“”‘’«»「」『』()[]{}<>.,;:!?¿¡。，、；：！？…-–—"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", _F)
PHONE = re.compile(r"(?<![A-Za-z0-9_-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,8}){1,4}(?![A-Za-z0-9_-])")
# Passport-like IDs without dashes: "X1234567", "AB123456C" (at least 4 digits and a letter; checked in code).
ALNUM_ID = re.compile(r"(?<![\w-])[A-Za-z0-9]{6,20}(?![\w-])")
# Money amounts ("$84,500", "€3.200", "12 000 EUR") and dates ("14 March 1988", "1988-03-14", "03/14/1988").
MONEY = re.compile(r"[$€£¥₹]\s?\d[\d,.' ]*\d(?:\s?[kKmM]\b)?|\b\d[\d,.]*\s?(?:USD|EUR|GBP|dollars|euros|pounds)\b")
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
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")
QUOTED = re.compile(r"[\"“«「『]([^\"”»」』]{2,80})[\"”»」』]|(?<!\w)'([^']{2,80})'(?!\w)|‘([^’]{2,80})’")
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
    r"tudo\s+(?:o\s+)?que\s+(?:eu\s+)?(?:te\s+|lhe\s+)?(?:falei|disse|contei|sabe)\s+(?:sobre|de|do|da|a\s+respeito\s+de)|"
    r"(?:tutto\s+)?(?:quello|ciò)\s+che\s+(?:ti\s+ho\s+detto|sai)\s+(?:su|di|sul|sulla|riguardo\s+a)|"
    r"كل\s+ما\s+(?:قلته|أخبرتك|تعرفه)\s+(?:لك\s+|به\s+)?عن|"
    r"(?:whatever|what|everything|anything)\s+(?:i\s+(?:told|said\s+to)\s+you|you\s+(?:know|remember|have))\s+about|"
    r"(?:from|out\s+of)\s+(?:your\s+)?(?:memory|memories|mind|records)|de\s+(?:ta|votre)\s+mémoire|"
    r"de\s+tu\s+memoria|dalla\s+tua\s+memoria|da\s+sua\s+memória|aus\s+deinem\s+gedächtnis|из\s+памяти|"
    r"abt|bout|'bout|re|"
    r"de|d'|sobre|sur|über|von|su|di|a|à|о|об|про|request\s+(?:about|for|on)|طلب\s+نسيان|أمر|"
    r"कृपया|प्लीज़|प्लीज|अब|तुम|आप)\s+|^(?:さっきの|先ほどの|例の|あの|私の|もう二度と|二度と|もう|我的|关于)",
    _F,
)
# Trailing adverbials and tails (applied repeatedly).
TRAILING = re.compile(
    r"(?:[\s,;—–-]+)(?:"
    r"(?:from|in|out\s+of|across|within)\s+(?:(?:any|all|every|your|my|the|future|later|further|other|these|our)\s+)*"
    r"(?:responses?|answers?|replies|reply|outputs?|messages?|conversations?|chats?|memory|memories|records?|"
    r"mind|history|context|knowledge|database|data|texts?|suggestions?|results?|summaries|future|sessions?)"
    r"|(?:to|with)\s+(?:anyone|anybody|everyone|me|others|other\s+people|anyone\s+else)(?:\s+else)?"
    r"|(?:from|in|of)\s+(?:whatever|what|everything|anything|all)\s+(?:(?:that|which)\s+)?(?:you\s+)?(?:know|remember|have|"
    r"stored|store|keep|recall)(?:\s+(?:about\s+me|on\s+me|of\s+me))?"
    r"|(?:both|all|each|either)\s+of\s+them|them\s+both|the\s+two\s+of\s+them"
    r"|again|anymore|any\s+more|ever\s+again|ever|once\s+more|from\s+now\s+on|going\s+forward|for\s+good|"
    r"forever|permanently|completely|entirely|altogether|totally|immediately|right\s+now|now|at\s+once|"
    r"in\s+the\s+future|as\s+well|too|also|actually|please|pls|plz|thanks|thank\s+you|ok|okay|"
    r"if\s+you\s+can|if\s+possible|for\s+me|about\s+me|as\s+if\s+(?:it|they|he|she)\s+never\s+existed|"
    r"is\s+(?:withdrawn|cancell?ed|revoked|lifted|over)|(?:that\s+)?i\s+(?:asked|told\s+you)\s+about(?:\s+earlier)?|"
    r"earlier|before|previously|on\s+file|in\s+(?:your|the)\s+(?:records?|files?|system)|"
    r"whatsoever|at\s+all|in\s+any\s+way|in\s+any\s+form|(?:still|even|ever|really)\s+exists?|exists?|existed|"
    r"de\s+(?:tes|vos|tus|sus|deinen|tuoi|suoi)\s+\w+|à\s+nouveau|de\s+nouveau|encore|s'il\s+te\s+pla[iî]t|stp|svp|"
    r"por\s+favor|otra\s+vez|de\s+nuevo|porfa|bitte|wieder|nie\s+wieder|nicht\s+mehr|für\s+immer|"
    r"de\s+novo|novamente|pfv|nunca\s+mais|per\s+favore|di\s+nuovo|mai\s+più|"
    r"пожалуйста|плз|снова|больше|навсегда|بعد\s+الآن|مرة\s+أخرى|أبدًا|أبدا|من\s+فضلك"
    r")$",
    _F,
)
# A comma/dash clause that is about the target, not part of it: ", she hurt me", " — both of them".
TAIL_CLAUSE = re.compile(
    r"(?:,|;|\s[—–-]\s|\s[—–])\s*(?:and\s+|but\s+|because\s+|since\s+|as\s+)?"
    r"(?:she|he|they|it|we|i|you|that|this|who|which|where|when|whom|whose|since|because|as|so|but|"
    r"and\s+(?:then|also|just)|"
    r"elle|il|ils|elles|c'est|où|qui|ella|él|ellos|donde|que|sie|er|es|wo|der|die|ela|ele|eles|onde|lei|lui|loro|"
    r"dove|che|она|он|они|я|мы|ты|вы|где|который|которая)\b.*$",
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
    r"\s*,\s*(?:(?:and|or|et|ou|y|e|und|oder|и|или)\s+)?|\s+(?:and|as\s+well\s+as|plus|et|ainsi\s+que|y|e|"
    r"und|sowie|и|или|or|ou|oder)\s+|\s*(?:、|和|与|及|以及|跟|と|や)\s*|\s+(?:और|तथा|एवं)\s+|\s+و\s*",
    _F,
)
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
    for regex in (EMAIL, IBAN, DATE, MONEY, PHONE, IDTOK, ALNUM_ID, HANDLE):
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
            taken.append((m.start(), m.end()))
            found.append((m.start(), value))
    return [v for _, v in sorted(found)]


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
        if len(words) >= 2 and LEADING_DET.match(target):
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
                while previous != target:  # "my ex the author X" -> determiners again
                    previous = target
                    rest = target.split()
                    title = rest[0] == "The" and len(rest) >= 3 and all(w[:1].isupper() for w in rest[1:])
                    if len(rest) >= 2 and LEADING_DET.match(target) and not title:
                        target = LEADING_DET.sub("", target, count=1)
    target = _cut_to_name(target.strip(_EDGE), lang)
    target = _CJK_POSSESSIVE.sub("", target).strip(_EDGE) or target
    target = _SCRIPT_ROLE_PREFIX.sub("", target).strip(_EDGE) or target
    target = _HONORIFIC.sub("", target).strip(_EDGE) or target
    return target.strip(_EDGE)


# "我以前的公司星河科技" -> "公司星河科技" (then the role word goes); "私の" is in the role prefix below.
_CJK_POSSESSIVE = re.compile(r"^(?:我们|我|他们|他|她|你)(?:以前|之前|原来|现在|过去|的前)?的(?=[\u4e00-\u9fff]{2})")
# Japanese / Chinese honorifics after a name: "田中健一さん" -> "田中健一".
_HONORIFIC = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff]{2})(?:さん|様|さま|くん|君|ちゃん|先生|氏|殿)$")


# Role words before a name in scripts without capitals or spaces ("前男友李明", "元彼の山田太郎",
# "صديقي السابق عمر فاروق", "मेरे पुराने बॉस अजय मेहता").
_SCRIPT_ROLE_PREFIX = re.compile(
    r"^(?:我的)?(?:前|老|以前的|之前的)?(?:前男友|前女友|男朋友|女朋友|老板|上司|同事|朋友|哥哥|姐姐|弟弟|妹妹|妈妈|爸爸|老公|老婆|丈夫|妻子|前夫|前妻|邻居|作者|"
    r"公司|前公司|老公司|手机号码?|电话号码?|地址|邮箱|病)"
    r"(?=[\u4e00-\u9fff]{2})"
    r"|^(?:私の)?(?:元彼|元カレ|元カノ|元夫|元妻|上司|同僚|友達|友人|兄|姉|弟|妹|母|父|夫|妻|彼氏|彼女|作家|隣人|会社|持病|病気)の"
    r"|^私の(?=\S{2})"
    r"|^(?:(?:صديقي|صديقتي|السابق|السابقة|مديري|مديرتي|زميلي|زميلتي|أخي|أختي|زوجي|زوجتي|حبيبي|حبيبتي|جاري|الكاتب|شركة)\s+)+"
    r"|^(?:(?:मेरे|मेरी|मेरा|पुराने|पुरानी|पुराना|बॉस|दोस्त|भाई|बहन|सहकर्मी|पति|पत्नी|पूर्व|लेखक|कंपनी)\s+)+",
    re.UNICODE,
)
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-zÀ-ɏА-яЁё]")
_CJK_ANY = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
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
    r"go\s+to|went\s+to|study\s+at|studied\s+at)\s+(?P<v>.+)$",
    _F,
)


def _cut_to_name(target: str, lang: str | None) -> str:
    """"exnovio Javier Soto" -> "Javier Soto", "daughter is called Lily Ashford" -> "Lily Ashford":
    lower-case words in front of a capitalised name are descriptors, not the name."""
    words = target.split()
    if len(words) < 2 or not _LATIN_OR_CYRILLIC.search(target):
        return target
    first_cap = next((i for i, w in enumerate(words) if w[:1].isupper() and w not in _PRONOUN_I), None)
    if not first_cap or first_cap > 6:
        return target
    head, rest = words[:first_cap], words[first_cap:]
    if any(any(ch.isdigit() for ch in w) for w in head):
        return target  # "type 1 Diabetes", "14 Larkspur Lane"
    if lang == "de" and len(rest) >= 2 and ROLE_NOUNS.match(" ".join(rest) + " "):
        rest = rest[1:]
    name_words = [w for w in rest if w.lower() not in _NAME_PARTICLES]
    if not name_words or not all(w[:1].isupper() for w in name_words):
        return target  # "Paul from the CC list": the tail is not a name
    return " ".join(rest)


def _strip_trailing(target: str) -> str:
    target = TAIL_CLAUSE.sub("", target)
    target = re.sub(r"['’]s$", "", target.strip(_EDGE))
    previous = None
    while previous != target:
        previous = target
        target = target.strip(_EDGE)
        stripped = TRAILING.sub("", target)
        if stripped.strip(_EDGE):
            target = stripped
    return target.strip(_EDGE)


def _split(target: str) -> list[str]:
    if _STREET.search(target) or ADDRESS.search(target) or concrete_values(target):
        return [target]
    parts = [p.strip(_EDGE) for p in _SPLIT.split(target) if p and p.strip(_EDGE)]
    if len(parts) <= 1:
        return [target]
    # "Johnson and Johnson", "Tom & Jerry"-like names stay whole when a part is a single common word
    if any(len(p.split()) == 1 and is_common(p) and not _NAMEISH.match(p) for p in parts):
        return [target]
    return parts


def _descriptor_value(target: str, text: str) -> str | None:
    """The value a descriptor stands for, when the message gives it."""
    # value inside the target: "my phone number 555-0142", "my address, 14 Larkspur Lane, Duluth"
    values = concrete_values(target)
    if values:
        return values[0]
    address = ADDRESS.search(target)
    if address:
        return address.group().strip(_EDGE)
    fact = _FACT.match(target.strip(_EDGE))
    if fact and not only_common_words(fact.group("v")):
        return _strip_trailing(_strip_leading(fact.group("v")))
    for sep in re.finditer(r"\s+(?:of|is|was|as)\s+|\s*[:=]\s*|\s+[—–-]\s+", target):
        head, value = target[: sep.start()].strip(), target[sep.end():].strip(_EDGE)
        if DESCRIPTOR.match(head) and value and not only_common_words(value):
            return value
    paren = PAREN.search(target)
    if paren:
        return paren.group(1).strip(_EDGE)
    m = re.match(r"^(.*?)(?:\s*[:,]\s*|\s+)(?P<v>\S.*)$", target)
    if m and DESCRIPTOR.match(m.group(1).strip()) and not DESCRIPTOR.match(target.strip()):
        value = m.group("v").strip(_EDGE)
        if value and not only_common_words(value):
            return value
    if not DESCRIPTOR.match(target.strip(_EDGE)):
        return None
    # the value elsewhere in the message
    name = NAME_IS.search(text)
    if name:
        return name.group("v").strip(_EDGE)
    values = concrete_values(text)
    if values:
        return values[0]
    address = ADDRESS.search(text)
    if address:
        return address.group().strip(_EDGE)
    paren = PAREN.search(text)
    if paren and not only_common_words(paren.group(1)):
        return paren.group(1).strip(_EDGE)
    sentence = VALUE_SENTENCE.search(text)
    if sentence:
        value = _strip_trailing(sentence.group("v"))
        if value and not only_common_words(value):
            return value
    return None


ADDRESS = re.compile(
    r"\d+[a-z]?\s+(?:[A-ZÀ-Þ][\w'-]*\s+){1,4}(?:Lane|Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|"
    r"Place|Pl|Square|Sq|Terrace|Close|Crescent|Parkway|Highway|Row|Mews|Gardens|Hill|Walk|Alley|Circle|Trail|Grove)"
    r"\b\.?(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat|Ste|#)\.?\s*[\w-]+)?"
    r"(?:,\s*[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)?"
    r"|\b(?:Rue|Calle|Avenida|Via|Viale|Piazza|Rua|Avenue)\s+[^,.;!?]{2,40}?\s*\d*(?:,\s*[A-ZÀ-Þ][\w'-]*)?(?=[.;!?)]|$)"
    r"|\b[A-ZÀ-Þ][\w-]*(?:straße|strasse|weg|platz|allee)\s+\d+[a-z]?(?:,\s*(?:\d{5}\s+)?[A-ZÀ-Þ][\w'-]*)?",
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


def clean_targets(raw: list[str], text: str, lang: str | None = None) -> list[str]:
    """Clean raw target spans found in ``text``: values, no determiners/role nouns/adverbials, split lists."""
    out: list[str] = []
    raw = _merge_addresses(list(raw), text)
    quotes = quoted_spans(text)
    for item in raw:
        if not item or not item.strip(_EDGE):
            continue
        paren = PAREN.search(item) or re.search(r"\(([^()]{2,80})$", item.rstrip(_EDGE.replace("(", "")))
        if paren and not only_common_words(paren.group(1), lang) and not concrete_values(item.replace(paren.group(0), "")):
            item = paren.group(1)  # "my medical diagnosis (type 1 diabetes)", "持病（てんかん）"
        span = item.strip(_EDGE)
        if _CJK_ANY.search(span):
            span = re.split(r"\s*[，,；;]\s*", span)[0].strip(_EDGE)  # "…13812345678，请删除": a new clause
        inner = [q for q in quotes if q in span and q != span]
        if _TOTAL_SPAN.match(span):
            continue
        fact = _FACT.match(span)
        if fact and not only_common_words(fact.group("v"), lang):
            span = fact.group("v").strip(_EDGE)  # "that I have bipolar disorder" -> "bipolar disorder"
        if span in quotes:
            candidates = [span]  # a quoted title is kept as written ("El jardín de ceniza")
        elif inner:
            candidates = inner
        else:
            candidates = []
            for piece in _split(_strip_trailing(_strip_leading(span, lang))):
                piece = _strip_trailing(_strip_leading(piece, lang))
                value = _descriptor_value(piece, text)
                if value is None and PAREN.search(piece):
                    value = PAREN.search(piece).group(1)
                if value is not None:
                    candidates.append(value)
                else:
                    candidates.append(PAREN.sub("", piece).strip(_EDGE))
        for cand in candidates:
            cand = re.sub(r"\s+", " ", cand).strip(_EDGE)
            if not cand or only_common_words(cand, lang):
                continue
            if _descriptor_only(cand, item, text):
                continue
            if cand.casefold() not in {o.casefold() for o in out}:
                out.append(cand)
    return out


# ------------------------------------------------------------------------ generic span finder

_TRIGGER = re.compile(
    r"\b(?:forget|forgot|unlearn|erase|erasure|delete|remove|wipe|wiped|purge|scrub|drop|mention|reveal|share|"
    r"disclose|bring\s+up|talk\s+about|remember|know|knowing|store|keep|exist|exists|existed|heard\s+of|"
    r"consent|oublie|oublier|efface|supprime|mentionne|olvida|olvidar|borra|elimina|menciones|vergiss|"
    r"vergessen|lösch|lösche|erwähne|esqueça|esquece|apague|mencione|dimentica|cancella|nominare|"
    r"забудь|забыть|удали|упоминай)\b",
    _F,
)
_CAPSEQ = re.compile(
    r"(?<![\w'])(?:[A-ZÀ-ÖØ-ÞĀ-ɏА-ЯЁ][\w'’.-]*)(?:\s+(?:(?:de|da|do|dos|das|del|della|di|van|von|der|den|la|le|"
    r"al|el|bin|ibn|y|e)\s+)?[A-ZÀ-ÖØ-ÞĀ-ɏА-ЯЁ][\w'’.-]*)*",
    re.UNICODE,
)
_SCRIPT_SPANS = {
    "zh": re.compile(r"(?:把|关于|有关|忘(?:记|掉|了)|提起?|当)(?P<t>[^，。！？、\s]{1,20}?)(?:从|的|吧|了|不存在|[，。！？]|$)"),
    "ja": re.compile(r"(?:^|[、。！？\s])(?:もう)?(?:二度と)?(?P<t>[^、。！？\s]{1,20}?)(?:のこと|について|に関する|の話|を忘れ|は存在しない|と)"),
    "hi": re.compile(r"(?:^|[।,!?\s])(?:कृपया\s+)?(?P<t>[^।,!?]{1,40}?)\s+(?:को\s+भूल|के\s+बारे\s+में|का\s+ज़िक्र|का\s+जिक्र|को\s+याद|मौजूद|और\s)"),
    "ar": re.compile(r"(?:انسَ|انس|انسى|عن|تذكر|تتذكر|كأن|بأن)\s+(?:كل\s+ما\s+تعرفه\s+عن\s+)?(?P<t>[^.،؟!]+?)(?=\s+(?:مرة|من|غير|أبدا|أبدًا)|[.،؟!]|$)"),
}


# "act as though X does not exist", "treat X as someone you never heard of", in every language
_EXIST = re.compile(
    r"(?:pretend|act\s+(?:as\s+(?:though|if)|like)|behave\s+(?:as\s+(?:though|if)|like)|imagine|assume)\s+(?:that\s+)?"
    r"(?P<t>.+?)\s+(?:does(?:n'?t|\s+not)|did(?:n'?t|\s+not)|never|has\s+never|had\s+never|do(?:n'?t|\s+not))\s+"
    r"(?:exist|existed|happen|happened|came\s+up|come\s+up|was\s+mentioned|been\s+mentioned)"
    r"|treat\s+(?P<t2>.+?)\s+as\s+(?:if|though|someone|something|a\s+stranger|unknown|non-?existent)"
    r"|(?:you'?ve|you\s+have)\s+never\s+heard\s+of\s+(?P<t3>[^.!?;]+)"
    r"|comme\s+si\s+(?P<t4>.+?)\s+n'?(?:existait|existe)"
    r"|como\s+si\s+(?P<t5>.+?)\s+no\s+exist"
    r"|als\s+ob\s+es\s+(?P<t6>.+?)\s+nicht\s+gäbe|als\s+ob\s+(?P<t7>.+?)\s+nicht\s+existier"
    r"|finja\s+que\s+(?P<t8>.+?)\s+não\s+exist|fa[iì]\s+finta\s+che\s+(?P<t9>.+?)\s+non\s+esist"
    r"|будто\s+(?P<t10>.+?)\s+не\s+существ|就当(?P<t11>.+?)不存在|(?P<t12>[^、。\s]+?)は存在しない"
    r"|जैसे\s+(?P<t13>.+?)\s+मौजूद|كأن\s+(?P<t14>.+?)\s+غير\s+موجود",
    _F,
)


_ABBREV = {"dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "mt", "no", "co", "inc", "ltd", "corp"}


def _first_sentence(span: str) -> str:
    """"Ormsby Freight. Forget" -> "Ormsby Freight" ("Dr." and initials do not end a name)."""
    for m in re.finditer(r"[.!?]\s+", span):
        word = span[: m.start()].rsplit(" ", 1)[-1].lower().rstrip(".")
        if word in _ABBREV or len(word) == 1:
            continue
        return span[: m.start()]
    return span


def stated_values(text: str, lang: str | None = None) -> list[str]:
    """High-precision values stated in the message: "my name is X", e-mails, phones, IDs, quoted titles."""
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
    return []


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
    values = concrete_values(text)
    if values:
        return values
    addresses = [m.group().strip(_EDGE) for m in ADDRESS.finditer(text)]
    if addresses:
        return addresses
    paren = PAREN.search(text)
    if paren and not only_common_words(paren.group(1)):
        return clean_targets([paren.group(1)], text, lang)
    if lang in _SCRIPT_SPANS:
        found = [m.group("t") for m in _SCRIPT_SPANS[lang].finditer(text)]
        if found:
            return clean_targets(found, text, lang)
    # capitalised sequences, skipping a sentence-initial common word
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
        if value and value.lower() not in {"i", "gdpr"} and not (len(words) == 1 and is_common(value, lang)):
            spans.append(value)
    if spans:
        return clean_targets(spans, text, lang)
    # lowercase chat: the words after the trigger verb
    m = _TRIGGER.search(text)
    if m:
        tail = text[m.end():]
        tail = re.split(r"[.!?;\n]", tail, maxsplit=1)[0]
        return clean_targets([tail], text, lang)
    return []
