"""Word classes that describe a forget target without being part of it, in the watchdog's 11 languages.

``agents.watchdog_targets`` strips these from the edges of a target span ("my ex-husband Tobias
Wendlinger" -> "Tobias Wendlinger", "元上司の佐々木浩二" -> "佐々木浩二") and uses the category nouns to
recognise a *description* of a personal datum whose *value* the message gives elsewhere ("my licence
plate, KX19 TRV" -> "KX19 TRV"). The lists are lexicons of general word classes (relations, work
roles, professions, organisation kinds, honorifics, data categories), not phrases from any test set.

* :func:`is_role_word` -- a relation / role / profession / organisation word, with "ex-", "former",
  "step-" and similar prefixes folded in ("Ex-Mann", "exnovio", "ex-collega", "stepfather",
  "бывшего начальника", "صديقي", "बॉस").
* :func:`is_org_word` -- an organisation / work kind ("company", "Firma", "société", "codename").
* :func:`is_title` -- an honorific before a name (Mr., Frau, Dr., Sra., M., Mme, г-н, السيد, श्री).
* :func:`is_role_prefix` -- adjectives that only qualify a role ("former", "old", "ancien", "ehemaligen").
* :func:`is_category_word` -- the head noun of a datum description (address, number, e-mail, name,
  birthday, diagnosis, employer, bank, plate...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["is_category_word", "is_condition", "is_determiner", "is_org_word", "is_role_prefix", "is_role_word",
           "is_title"]

# Relations, work roles, professions and organisation kinds (Latin-script languages, lower case).
_ROLES_LATIN = frozenset("""
    author writer novelist poet illustrator painter artist photographer designer architect singer rapper
    musician composer actor actress director producer journalist reporter blogger youtuber streamer
    influencer chef cook
    ceo cto cfo coo founder cofounder co-founder owner chairman chairwoman president vp boss manager
    supervisor lead head employer employee colleague coworker co-worker teammate intern assistant secretary
    recruiter client customer supplier contractor consultant investor landlord landlady tenant
    roommate flatmate housemate neighbor neighbour classmate schoolmate teacher professor tutor coach
    mentor student pupil doctor dr physician gp surgeon dentist nurse therapist psychiatrist psychologist
    counsellor counselor lawyer attorney solicitor accountant banker agent pastor priest rabbi imam
    friend bestie buddy pal acquaintance boyfriend girlfriend fiance fiancé fiancee fiancée husband wife
    spouse partner ex lover mother father mom mum mommy mummy dad daddy parent parents son
    daughter child kid brother sister sibling bro sis aunt uncle cousin niece nephew grandma
    grandpa grandmother grandfather granny grandson granddaughter godmother godfather in-law mother-in-law
    father-in-law brother-in-law sister-in-law stepmother stepfather stepson stepdaughter stepbrother
    stepsister half-brother half-sister guy girl woman man lady gentleman person someone somebody
    auteur autrice écrivain écrivaine romancier romancière illustrateur illustratrice peintre chanteur
    chanteuse acteur actrice réalisateur patron patronne chef cheffe directeur directrice pdg gérant
    gérante collègue collaborateur collaboratrice stagiaire client cliente propriétaire locataire voisin
    voisine camarade professeur prof instituteur institutrice médecin docteur infirmier infirmière
    avocat avocate psy thérapeute ami amie copain copine pote petit-ami petite-amie mari femme épouse
    époux conjoint conjointe compagnon compagne fiancé fiancée mère père maman papa parent fils fille
    enfant frère sœur soeur tante oncle cousin cousine neveu nièce grand-mère grand-père mamie papi
    beau-frère belle-sœur belle-soeur beau-père belle-mère
    autor autora escritor escritora ilustrador ilustradora pintor pintora cantante actor actriz
    director directora jefe jefa gerente colega compañero compañera socio socia cliente casero casera
    inquilino vecino vecina profesor profesora maestro maestra médico médica doctor doctora abogado
    abogada terapeuta amigo amiga novio novia esposo esposa marido mujer pareja prometido prometida madre
    padre mamá papá hijo hija hermano hermana tío tía primo prima sobrino sobrina abuelo abuela suegro
    suegra cuñado cuñada
    autorin schriftsteller schriftstellerin illustratorin maler malerin sänger sängerin schauspieler
    schauspielerin regisseur chef chefin vorgesetzter vorgesetzte vorgesetzten chefs geschäftsführer
    geschäftsführerin kollege kollegin kollegen mitarbeiter mitarbeiterin kunde kundin vermieter
    vermieterin mieter nachbar nachbarin nachbarn lehrer lehrerin arzt ärztin doktor anwalt anwältin
    therapeut therapeutin freund freundin freundes kumpel mann frau ehemann ehefrau partnerin verlobter
    verlobte mutter vater mama papa sohn tochter kind bruder schwester onkel tante cousine neffe nichte
    oma opa schwager schwägerin schwiegermutter schwiegervater
    autora escritora ilustradora pintora cantora ator atriz diretor diretora chefe patrão patroa gerente
    colega cliente senhorio inquilino vizinho vizinha professor professora médico médica advogado advogada
    terapeuta amigo amiga namorado namorada marido esposa mulher noivo noiva mãe pai filho filha irmão
    irmã tio tia primo prima sobrinho sobrinha avô avó sogro sogra cunhado cunhada
    autore autrice scrittore scrittrice illustratore illustratrice pittore pittrice cantante attore
    attrice regista capo capa dirigente direttore direttrice responsabile collega cliente padrone
    inquilino vicino vicina professore professoressa maestro maestra medico dottore dottoressa avvocato
    avvocata terapeuta amico amica fidanzato fidanzata ragazzo ragazza marito moglie compagno compagna
    madre padre mamma papà figlio figlia fratello sorella zio zia cugino cugina nipote nonno nonna
    suocero suocera cognato cognata
    schrijver zanger baas collega vriend vriendin vrouw moeder vader broer zus buurman buurvrouw
""".split())

# Organisation and work kinds: stripped before a name only when written in lower case (or, in German,
# after an article: "die Firma Kessler Bau"), since "Hotel California" and "Bank of America" are names.
_ORGS_LATIN = frozenset("""
    company firm business startup start-up corporation agency organisation organization charity ngo
    foundation brand band school university college hospital clinic bank insurer restaurant hotel project
    codename code-name app product website platform podcast channel newspaper magazine publisher
    entreprise société boîte firme agence marque association école université hôpital banque projet
    empresa compañía firma agencia marca escuela universidad hospital banco proyecto
    firma unternehmen betrieb konzern agentur marke verein schule universität krankenhaus klinik bank projekt
    empresa companhia firma agência marca escola universidade hospital banco projeto
    azienda ditta società impresa agenzia marchio scuola università ospedale banca progetto
    bedrijf organisatie kliniek ziekenhuis företag företaget firman klinik kliniken sjukhus skola skolan
    clinique clínica clinica cabinet studio
""".split())

# Russian relation / role words: stems, matched with a case ending (друг, друга, другу, другом...).
_ROLES_RU = re.compile(
    r"^(?:начальни(?:к|ца)|руководител|директор|менеджер|шеф|босс?|коллег|сотрудни(?:к|ца)|"
    r"друг|друз|подруг|парн|девушк|муж|жен(?=а$|у$|ы$|е$|ой$)|супруг|бывш|сестр|брат|мам|пап|матер|мать|отц|отец|"
    r"сын|доч|тёт|тет|дяд|двоюродн|кузен|кузин|племянни|бабушк|дедушк|сосед|арендодател|хозяйк|хозяин|"
    r"учител|преподавател|однокласс|одногруппни|врач|доктор|терапевт|психолог|адвокат|юрист|автор|писател|"
    r"художни|певиц|певц|певец|актёр|актер|актрис|режиссёр|режиссер|клиент|партнёр|партнер|компани|фирм|"
    r"организаци|агентств|банк|школ|проект|господин|госпож)"
    r"(?:а|у|ы|е|и|ой|ом|ем|ю|ей|я|ь|ью|ов|ам|ами|ах|ого|ему|ым|ая|ую|ее|ий|ый|ка|ку|ки|ке|кой|ца|цу|цы|це|цей)?$"
)
# Arabic: a role noun with optional article (ال), feminine ة/ت and possessive ي ("صديقي", "زميلتي").
_ROLES_AR = frozenset("""
    مدير مديرة رئيس رئيسة زميل زميلة صديق صديقة أخ أخو أخت أم أب ابن ابنة بنت زوج زوجة خطيب خطيبة طليق
    طليقة حبيب حبيبة جار جارة طبيب طبيبة دكتور دكتورة محامي محامية كاتب كاتبة مؤلف مؤلفة شركة مؤسسة
    عم عمة خال خالة معلم معلمة أستاذ أستاذة مالك صاحب مغني مغنية ممثل ممثلة مشروع بنك مصرف
    عيادة مستشفى مدرسة جامعة مطعم فندق
""".split())
_ROLE_PREFIX_AR = frozenset("السابق السابقة القديم القديمة الأسبق".split())
_ROLES_HI = frozenset("""
    बॉस दोस्त मित्र सहेली भाई बहन पति पत्नी प्रेमी प्रेमिका बॉयफ्रेंड गर्लफ्रेंड सहकर्मी मैनेजर डॉक्टर
    लेखक लेखिका कंपनी पड़ोसी पड़ोसन माँ मां पिता पापा बेटा बेटी चाचा चाची मामा मामी दादी दादा नानी नाना
    शिक्षक टीचर मालिक अध्यापक वकील गायक गायिका अभिनेता अभिनेत्री प्रोजेक्ट बैंक
    dost bhai behen behan bhaiya didi boss pati patni saheli sahkarmi manager doctor lekhak
    padosi maa papa beta beti chacha mama dadi nani teacher malik gf bf boyfriend girlfriend
""".split())
_PREFIX_HI = frozenset("मेरे मेरी मेरा पुराने पुरानी पुराना पूर्व भूतपूर्व एक्स mera mere meri purana purane purani".split())

_TITLES = frozenset("""
    mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. professor sir dame lord lady madam
    herr herrn frau fräulein hr. fr. m. mme mme. mlle mlle. monsieur madame mademoiselle sr sr. sra sra.
    srta srta. señor señora señorita don doña dona sig. sig.ra signor signore signora signorina dott.
    dott dott.ssa ing. avv. doutor doutora senhor senhora
    г-н г-жа господин госпожа
    السيد السيدة الآنسة الدكتور الدكتورة د. الأستاذ الأستاذة الشيخ
    श्री श्रीमती सुश्री डॉ डॉ. shri shrimati
""".split())
# Qualifiers that only make sense before a role word ("my former boss", "mon ancien patron").
_ROLE_PREFIXES = frozenset("""
    ex former late dear old new best good close current previous future own
    ancien ancienne vieux vieil vieille feu cher chère meilleur meilleure nouveau nouvelle actuel
    antiguo antigua viejo vieja querido querida mejor nuevo nueva actual
    ehemalig ehemalige ehemaligen ehemaliger ehemaligem alter alte alten altem früher frühere früheren
    lieber liebe lieben bester beste besten neuer neue neuen jetzigen
    antigo antiga velho velha querido querida melhor novo nova atual
    vecchio vecchia caro cara migliore nuovo nuova attuale
    бывший бывшая бывшего бывшей бывшему бывшую старый старого старая старой старую лучший лучшего
""".split()) | _PREFIX_HI | _ROLE_PREFIX_AR

# Determiners and possessives that may precede a role ("my", "la", "meinen", "o meu", "mojej").
_DETERMINERS = frozenset("""
    the a an my our your his her their its this that these those
    le la les l' un une mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette
    el los las uno una mi mis tu tus su sus nuestro nuestra este esta ese esa aquel
    der die das den dem des ein eine einen einem einer mein meine meinen meinem meiner dein deine
    unser unsere unseren unserem sein seine seinen ihr ihre ihren diese diesen dieser
    o os as um uma meu minha meus minhas teu tua seu sua do da dos das no na
    il lo gli i mio mia miei mie tuo tua suo sua nostro nostra della dello del dei
    мой моя моё мои моего моей моему моим мою наш наша нашего нашей этот эта этого этой
    mijn onze de het een mojej mojego moja mój mojemu
    esse essa esses essas aquele aquela este esta questo questa quel quella quello
""".split())

# Head nouns of a datum description: "my licence plate", "la mia data di nascita", "عنواني".
_CATEGORIES = frozenset("""
    value figure amount valor montant importo betrag cifra blood sanguin sanguíneo sanguigno blutgruppe
    cpf rg dni nie nif cif curp rfc nir pesel personnummer bsn aadhaar aadhar pan snils inn codice fiscale
    address addresses number numbers phone telephone mobile cell email e-mail mail name names surname
    nickname username handle login password pin birthday birthdate dob birth date anniversary diagnosis
    condition illness disease disorder allergy medication prescription employer workplace job company
    bank account iban card passport id licence license plate registration ssn salary income street road
    town city hometown neighbourhood neighborhood postcode zipcode zip school team car pet location
    adresse numéro téléphone portable courriel nom prénom surnom identifiant anniversaire naissance
    diagnostic maladie trouble employeur boulot banque compte carte passeport plaque immatriculation
    salaire rue ville quartier école équipe voiture
    dirección domicilio número teléfono móvil celular correo nombre apellido apodo usuario contraseña
    cumpleaños nacimiento fecha diagnóstico enfermedad trastorno empleador trabajo banco cuenta tarjeta
    pasaporte matrícula placa sueldo salario calle ciudad barrio escuela equipo coche
    adresse anschrift nummer telefonnummer handynummer handy e-mail-adresse name vorname nachname
    spitzname benutzername passwort geburtstag geburtsdatum diagnose krankheit erkrankung arbeitgeber
    arbeitsplatz job firma bank konto kontonummer karte reisepass pass passnummer kennzeichen
    nummernschild gehalt straße strasse stadt wohnort schule team auto
    endereço morada número telefone telemóvel celular email nome apelido sobrenome usuário senha
    aniversário nascimento data diagnóstico doença transtorno empregador trabalho emprego banco conta
    cartão passaporte matrícula placa salário rua cidade bairro escola equipa equipe carro
    indirizzo numero telefono cellulare nome cognome soprannome utente password compleanno nascita
    data diagnosi malattia disturbo datore lavoro banca conto carta passaporto targa stipendio via
    città quartiere scuola squadra macchina
    адрес номер телефон почта имя фамилия прозвище логин пароль день рождения дата диагноз болезнь
    заболевание работодатель работа банк счёт счет карта паспорт зарплата улица город школа машина
""".split())
_CATEGORIES_AR = frozenset("عنوان رقم هاتف جوال بريد اسم لقب تاريخ ميلاد عيد مرض تشخيص بنك حساب بطاقة جواز راتب شارع مدينة عمل وظيفة".split())
_CATEGORIES_HI = frozenset("पता नंबर फ़ोन फोन मोबाइल ईमेल नाम जन्मदिन जन्मतिथि बीमारी रोग निदान बैंक खाता कार्ड पासपोर्ट वेतन सड़क शहर नौकरी कंपनी काम दफ़्तर दफ्तर".split())

_EDGE = "\"'“”‘’«»()[]{}<>,;:!?¿¡"


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).strip(_EDGE).lower().replace("’", "'")


@lru_cache(maxsize=8192)
def is_title(word: str) -> bool:
    """An honorific before a name: "Mr.", "Frau", "Dr.", "Mme", "Sra.", "г-н", "السيد", "श्री"."""
    w = _fold(word)
    if w in _TITLES or w.rstrip(".") in _TITLES:
        return True
    # an Arabic preposition / conjunction letter joined to the title: "بالدكتورة", "وللسيد" -> "الدكتورة", "السيد"
    return len(w) > 4 and w[0] in _AR_CLITICS and (w[1:] in _TITLES or w[1] in "ل" and w[2:] in _TITLES)


_AR_CLITICS = "بلوفك"  # prepositions / conjunctions written joined to the next word
_AR_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "نا", "كم", "ه", "ك")


def _arabic_forms(word: str) -> set[str]:
    forms = {word}
    if len(word) > 4 and word[0] in _AR_CLITICS and re.match(r"^[\u0600-\u06ff]+$", word):
        forms.add(word[1:])  # "بتشخيصي" -> "تشخيصي", "بعيادتها" -> "عيادتها"
    for form in list(forms):
        for suffix in _AR_PRONOUN_SUFFIXES:  # "عيادتها" -> "عيادة", "مديره" -> "مدير"
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                stem = form[: -len(suffix)]
                forms.add(stem[:-1] + "ة" if stem.endswith("ت") else stem)
                break
    if word.startswith("ال") and len(word) > 3:
        forms.add(word[2:])
    for form in list(forms):
        if form.endswith("تي") and len(form) > 3:
            forms.add(form[:-2] + "ة")  # زميلتي -> زميلة
        if form.endswith("ي") and len(form) > 2:
            forms.add(form[:-1])  # صديقي -> صديق
    return forms


_DE_ROLE_HEADS = ("arzt", "ärztin", "lehrer", "lehrerin", "anwalt", "anwältin", "kollege", "kollegin", "kollegen",
                  "chef", "chefin", "freund", "freundin", "partner", "partnerin", "berater", "beraterin", "trainer",
                  "trainerin", "therapeut", "therapeutin", "vermieter", "vermieterin", "nachbar", "nachbarin")


@lru_cache(maxsize=8192)
def is_role_word(word: str) -> bool:
    """A relation / role / profession / organisation word, prefixes included ("Ex-Mann", "exnovio")."""
    w = _fold(word).rstrip(".")
    if not w:
        return False
    if w.endswith("'s"):
        return False  # "my sister's wedding": the possessive heads something else
    if w in _ROLES_LATIN or w in _ROLES_HI or _ROLES_RU.match(w):
        return True
    if any(form in _ROLES_AR for form in _arabic_forms(w)):
        return True
    for prefix in ("ex-", "ex", "step-", "step", "half-", "grand-", "stief", "ur"):
        rest = w[len(prefix):]
        if w.startswith(prefix) and len(rest) >= 3 and (rest in _ROLES_LATIN or _ROLES_RU.match(rest)):
            return True  # "ex-wife", "exnovio", "Ex-Mann", "ex-collega", "stepmother", "Stiefvater"
    # German compounds end in their head role noun: "Zahnarzt", "Hausärztin", "Deutschlehrer", "Arbeitskollege"
    return len(w) > 6 and w.endswith(_DE_ROLE_HEADS)


@lru_cache(maxsize=8192)
def is_org_word(word: str) -> bool:
    """An organisation / work kind ("company", "die Firma", "la société", "the codename", "project")."""
    return _fold(word).rstrip(".") in _ORGS_LATIN


@lru_cache(maxsize=8192)
def is_role_prefix(word: str) -> bool:
    """A qualifier that only precedes a role: "former", "old", "ancien", "ehemaligen", "бывшего"."""
    return _fold(word) in _ROLE_PREFIXES


@lru_cache(maxsize=8192)
def is_determiner(word: str) -> bool:
    """An article or possessive that may open a role chain ("my", "la", "meinen", "mojej")."""
    return _fold(word) in _DETERMINERS


@lru_cache(maxsize=8192)
def is_category_word(word: str) -> bool:
    """The head noun of a personal-datum description: address, number, e-mail, name, birthday..."""
    w = _fold(word).rstrip(".")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _CATEGORIES or w in _CATEGORIES_HI:
        return True
    if any(form in _CATEGORIES_AR for form in _arabic_forms(w)):
        return True
    # German compounds end in their head noun: "Handynummer", "Privatadresse", "Geburtsdatum"
    return len(w) > 7 and any(w.endswith(tail) for tail in ("nummer", "adresse", "datum", "name", "krankheit"))


# Medical conditions that are also ordinary words ("depression", "miscarriage", "ADHD"): the convention makes
# the condition alone the target ("my ADHD diagnosis" -> "ADHD"), so a forget request keeps it even though a
# common-word target is otherwise dropped.
_CONDITIONS = frozenset("""
    depression anxiety miscarriage abortion adhd autism ptsd ocd bipolar schizophrenia diabetes cancer hiv
    epilepsy asthma endometriosis pcos infertility insomnia anorexia bulimia alcoholism addiction dementia
    migraine migraines psoriasis eczema lupus hepatitis tuberculosis pregnancy chemotherapy dyslexia
    fibromyalgia celiac coeliac herpes stillbirth
    dépression anxiété autisme diabète épilepsie asthme endométriose grossesse infertilité tdah boulimie anorexie
    depresión ansiedad aborto autismo cáncer epilepsia embarazo endometriosis infertilidad
    depressão ansiedade câncer cancro endometriose gravidez infertilidade
    depressionen angststörung fehlgeburt autismus krebs epilepsie schwangerschaft adhs endometriose magersucht
    depressione ansia diabete epilessia gravidanza endometriosi
    депрессия депрессию депрессии тревожность выкидыш аутизм диабет эпилепсия беременность сдвг
""".split())
_CONDITION_PHRASES = frozenset({"fausse couche", "aborto espontáneo", "aborto spontaneo", "aborto espontâneo",
                                "eating disorder", "panic attacks", "panic disorder"})


#: a diagnosis named by its kind, in any of the Latin-script languages ("síndrome do pânico", "trouble panique",
#: "Angststörung", "disturbo bipolare", "generalised anxiety disorder"): a condition, however common its words.
_CONDITION_HEAD = re.compile(
    r"^(?:síndrome|sindrome|syndrome|syndrom|trastorno|transtorno|trouble|disturbo|distúrbio|disorder)\s+\w"
    r"|\w\s+(?:syndrome|syndrom|disorder|störung|disease|krankheit)$|\w(?:störung|krankheit)$"
    r"|^(?:maladie|enfermedad|doença|malattia)\s+(?:de|d'|di|do|da)\s*\w", re.IGNORECASE)


#: one word with a medical suffix, in any Latin-script language: "fibromialgia", "tendinite", "endometriosis",
#: "leucemia", "cardiomyopathy" (the lexicon cannot list every condition in every language)
_CONDITION_SUFFIX = re.compile(r"(?!(?:dia|pro)gnosis|academ|bohem)[a-zà-ÿ]{2,}(?:algia|algie|algien|itis|usite|inite|hrite|atite|strite|chite|osis|emia|émie|ämie|"
                               r"opathy|opatia|opathie|opathia|ectomy|ectomia|ectomie|ektomie)")


def is_condition(span: str) -> bool:
    """A named medical condition that is also a common word: "depression", "depressão", "ADHD", "fausse couche"."""
    folded = " ".join(span.casefold().split())
    if folded in _CONDITIONS or folded in _CONDITION_PHRASES or _CONDITION_SUFFIX.fullmatch(folded):
        return True
    words = folded.split()
    # "síndrome do" alone (a span cut before its qualifier) names nothing
    return len(words) <= 4 and words[-1] not in _CONDITION_LINKS and bool(_CONDITION_HEAD.search(folded))


_CONDITION_LINKS = frozenset("de do da dos das del della di des du d' of von der".split())
