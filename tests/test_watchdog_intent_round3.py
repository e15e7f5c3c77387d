"""Issue #8, round 3 (intent errors of the v4 split, now development data): one class of construction per block,
each with the v4 line it came from and new variants written for this test (other names, other languages).

Classes:

- buried requests: a retention verb inside a long friendly message ("I'd rather you didn't retain anything
  about X", "je préférerais que tu ne gardes pas mon adresse", "prefiero que no guardes lo de X en lo que
  recuerdas de mí", "não guarde esse valor"), an own value dropped from "your notes", "stop using my salary
  figure (...) ... I'd rather that wasn't stored";
- "X - treat it as if I never told you about it" (the thing named before the pronoun) and its other languages;
- Japanese "X については今後の会話では覚えていないことにして";
- an erase verb with "these / the following" before the memory cue and the list after it;
- chat lead words ("yo forget my restaurant X");
- revokes: "Remember X again ... I shouldn't have asked you to drop it" (not a "remember this"), Swedish
  "du får nämna X igen", "un-delete X from your memory", "deshaz lo de olvidar X" (es / pt / it / fr), Hinglish
  "X ko bhoolne wali request undo kar do";
- not requests: asking a third party ("help me ask my bank, Name, to erase ... from their records"), editing the
  assistant's own output ("borra la tercera viñeta de la lista que me diste"), a style change for the current
  answer only ("forget about rhyming for this one").

Why no sentence-level classifier: scoring each sentence of a long message alone was tried on every development
split; out of context the encoder gives single sentences such as "My ex, <name>, keeps texting me at 3am."
(forget 1.00) or "ugh forget it." (0.98) a forget reading, i.e. new false forgets on hard negatives, so buried
requests are caught by the constructions above instead (the whole-message classifier still runs as before).
"""

from __future__ import annotations

import pytest

from guardgraph.agents.watchdog import detect_intent

# (intent, targets or None when only the intent is asserted, text)
CASES = [
    # --- buried retention requests ---------------------------------------------------------------------------
    ("forget", ["Project Bluefin"], "Thanks for the help with the spreadsheet yesterday, the pivot table finally works. "
     "Quick unrelated thing: I'd rather you didn't retain anything about Project Bluefin, it got cancelled and I'm "
     "under an NDA. Anyway, what does the fourth argument of VLOOKUP do?"),  # v4
    ("forget", ["Orla Brennan"], "Loved the recipe! One thing though, I'd prefer it if you didn't hold on to anything "
     "about Orla Brennan. Also, how long should I rest the dough?"),
    ("forget", ["Saltmarsh Capital"], "Quick one before my question: I'd rather you didn't save anything about "
     "Saltmarsh Capital. Now, how do I compute a weighted average?"),
    ("forget", ["X4829107"], "Hi! I've been thinking about privacy a lot lately after a data breach at my job, and "
     "honestly it's made me a bit paranoid. I know you keep some notes between chats. I'd like you to drop my passport "
     "number, X4829107, from those notes - I shouldn't have pasted it last week. Thanks, and sorry for the long "
     "message."),  # v4
    ("forget", ["DE44 5001 0517 5407 3249 31"], "Please drop my IBAN DE44 5001 0517 5407 3249 31 from your notes, I closed "
     "that account."),
    ("forget", ["£48,500"], "Could you stop using my salary figure (£48,500) when you give budget advice? I'd rather "
     "that wasn't stored anywhere. Also, what's a sensible size for an emergency fund?"),  # v4
    ("forget", ["14/03/1988"], "Please stop using my date of birth, 14/03/1988, in your suggestions, and don't keep it "
     "on file."),
    ("forget", ["555-0148"], "Can you stop using my phone number 555-0148? I don't want it remembered."),
    ("forget", None, "Bonjour ! J'ai une question sur les impôts, mais d'abord : je préférerais que tu ne gardes pas "
     "mon adresse, 14 rue des Carmes, 31000 Toulouse, dans tes souvenirs. Merci. Alors, la question : faut-il déclarer "
     "une prime de naissance ?"),  # v4
    ("forget", ["06 12 34 56 78"], "J'aimerais que vous ne conserviez plus mon numéro de téléphone, 06 12 34 56 78. "
     "Merci d'avance."),
    ("forget", None, "Oi! Estou montando meu orçamento do mês. Aliás, meu salário é R$ 7.800, mas prefiro que você não "
     "guarde esse valor daqui pra frente. Pode me ajudar a dividir em categorias?"),  # v4
    ("forget", ["123.456.789-00"], "Meu CPF é 123.456.789-00, por favor não guarde esse número. Como faço a declaração?"),
    ("forget", ["£52,300"], "My salary is £52,300 but please don't store that figure. How much should I save each month?"),
    ("forget", ["2.400 €"], "Mi sueldo es de 2.400 €, pero no guardes ese dato. ¿Cómo hago un presupuesto?"),
    ("forget", None, "Te cuento: el año pasado estuve en terapia y hace unas semanas te mencioné mi diagnóstico. Ahora "
     "prefiero que no guardes lo de la ansiedad generalizada en lo que recuerdas de mí. Por cierto, ¿me recomiendas "
     "algún libro sobre hábitos?"),  # v4
    ("forget", ["hernia discal"], "Oye, una cosa: no guardes lo de mi hernia discal en tu memoria, por favor. ¿Qué "
     "ejercicios me recomiendas?"),
    ("forget", ["Callum Reid"], "Morning! The itinerary you made was perfect, thanks. Small request: I'd rather you "
     "didn't keep anything about my ex, Callum Reid. Now, what's the best time to visit Kyoto?"),
    ("forget", ["Clinique Saint-Roch"], "Salut ! Merci pour la recette. Au fait, je préférerais que tu ne gardes pas le "
     "nom de ma clinique, Clinique Saint-Roch. Et combien de temps faut-il cuire le riz ?"),
    ("forget", ["Andrés Molina"], "Hola, gracias por lo de ayer. Prefiero que no guardes lo de mi divorcio con Andrés "
     "Molina en tu memoria. ¿Me das ideas para cenar?"),
    ("forget", ["€61,000"], "Could you stop using my income (€61,000) in your answers? I'd rather it wasn't remembered."),
    ("forget", ["4471"], "My PIN is 4471, please don't remember that number."),
    ("forget", ["QQ 12 34 56 C"], "Please drop my national insurance number, QQ 12 34 56 C, from your notes."),
    ("forget", ["lena.w@example.org"], "hey so i know you keep notes. could you drop my email, lena.w@example.org, from "
     "them? thx"),
    # --- "X - treat it as if I never told you about it" ---------------------------------------------------------
    ("forget", ["Juniper Ash"], "The project I mentioned last week, codename Juniper Ash - please treat it as if I never "
     "told you about it."),  # v4
    ("forget", ["Bartek Nowicki"], "My cousin Bartek Nowicki - treat him as though I never mentioned him."),
    ("forget", ["Halvard Systems"], "Act as if I never told you about Halvard Systems."),
    ("forget", ["Lucienne Morel"], "Fais comme si je ne t'avais jamais parlé de Lucienne Morel."),
    ("forget", ["Ramiro Ochoa"], "Haz como si nunca te hubiera hablado de Ramiro Ochoa."),
    ("forget", ["Brackenridge Ltd"], "My old employer Brackenridge Ltd - treat it as if I never mentioned it."),
    ("forget", ["Didier Vasseur"], "Fais comme si je ne t'avais jamais parlé de mon ancien associé, Didier Vasseur."),
    # --- Japanese "treat as not remembered" ---------------------------------------------------------------------
    ("forget", ["潰瘍性大腸炎"], "ちょっと相談なんですが、前に話した私の持病（潰瘍性大腸炎）については、今後の会話では覚えていないことにして"
     "もらえますか？それと、おすすめの低残渣レシピを教えて。"),  # v4
    ("forget", ["山本"], "元上司の山本さんのことは、これからは覚えていないことにしてください。"),
    ("forget", None, "私の旧住所については、もう知らないことにしてね。"),
    # --- "erase these from your memory: A and B" ----------------------------------------------------------------
    ("forget", ["Marisol de la Peña", "Tobias"], "Please erase these from your memory: my ex-wife Marisol de la Peña and "
     "her brother Tobias."),  # v4
    ("forget", ["Grzegorz Malik", "Fenella Crisp"], "Delete the following from your memory: my old landlord Grzegorz "
     "Malik and his lawyer Fenella Crisp."),
    ("forget", ["Odalys Ferreira", "Kemal Arslan"], "Wipe these out of your memory - Odalys Ferreira, Kemal Arslan."),
    # --- chat lead words -----------------------------------------------------------------------------------------
    ("forget", ["Tandoor Nights"], "yo forget my restaurant Tandoor Nights, its getting sold next month"),  # v4
    ("forget", ["Ironclad Fitness"], "btw forget my old gym Ironclad Fitness, I quit"),
    ("forget", ["Brindlewick Yarns"], "yo forget my shop Brindlewick Yarns, closed it down"),
    # --- revokes -------------------------------------------------------------------------------------------------
    ("revoke", ["coeliac disease"], "Remember my diagnosis again, coeliac disease. I shouldn't have asked you to drop "
     "it, it matters for recipes."),  # v4
    ("revoke", ["peanut allergy"], "Remember my allergy again - it's a peanut allergy. I changed my mind about hiding it."),
    ("revoke", ["22 Fenwick Road, Leeds"], "Remember my old address again, 22 Fenwick Road, Leeds; I never should have "
     "asked you to delete it."),
    ("revoke", ["Karin Lund"], "Du får nämna Karin Lund igen, jag har ändrat mig."),  # v4
    ("revoke", ["Björn Ekholm"], "Du kan prata om Björn Ekholm igen, det är lugnt nu."),
    ("forget", ["Olle Berg"], "Nämn aldrig Olle Berg igen."),
    ("forget", ["Karin Lund"], "Du får inte nämna Karin Lund igen."),
    ("revoke", ["Low Tide at Marrow Point"], "Please un-delete my screenplay, Low Tide at Marrow Point, from your memory "
     "- I want feedback on it again."),  # v4
    ("revoke", ["Cassius Fenwright"], "Un-erase Cassius Fenwright from your memory, I need to talk about him."),
    ("revoke", ["Pellucid Labs"], "Can you undelete what you knew about my startup Pellucid Labs? I miss having it in "
     "your notes."),
    ("revoke", None, "deshaz lo de olvidar mi dirección, Calle Alcalá 212, Madrid, ahora sí la necesito"),  # v4
    ("revoke", ["Inés Carvajal"], "Cancela eso de olvidar a Inés Carvajal, ya hicimos las paces."),
    ("revoke", ["Rui Tavares"], "desfaz aquilo de esquecer o meu cunhado Rui Tavares, está tudo bem agora"),
    ("revoke", ["Lorenzo Sereni"], "Annulla quella cosa di dimenticare Lorenzo Sereni, ho cambiato idea."),
    ("revoke", ["Margaux Lenoir"], "Annule le fait d'oublier Margaux Lenoir, s'il te plaît."),
    ("revoke", ["neha"], "neha ko bhoolne wali request undo kar do, ab yaad rakh sakte ho"),  # v4
    ("revoke", ["Rohan Mehta"], "Rohan Mehta ko bhulne wali baat cancel kar do yaar"),
    ("revoke", ["anjali"], "anjali ko bhulne wali request cancel kar do"),
    ("revoke", ["Sofia Berg"], "Du kan nämna Sofia Berg igen."),
    ("revoke", ["Hollis Grant"], "Remember Hollis Grant again please, I shouldn't have asked you to forget him."),
    ("revoke", ["Marta Quiroga"], "Deshaz eso de olvidar a Marta Quiroga, ya hablamos."),
    ("revoke", ["612 345 678"], "Cancela lo de olvidar mi teléfono, 612 345 678."),
    ("revoke", ["Kavya Iyer"], "bhai, Kavya Iyer ko ab phir se yaad rakh sakte ho"),
    # --- not requests: a third party, the assistant's own output, the current answer only -------------------------
    ("none", None, "Help me ask my bank, Cresthill Savings, to erase my old address from their records."),  # v4
    ("none", None, "Can you help me ask my gym, Pulse Athletics, to delete my card details?"),
    ("none", None, "I want Norrland Telecom to delete my phone number from their database - how do I phrase that?"),
    ("none", None, "Borra la tercera viñeta de la lista que me diste."),  # v4
    ("none", None, "Elimina el segundo punto del resumen que me diste."),
    ("none", None, "Supprime la dernière puce de la liste que tu m'as donnée."),
    ("none", None, "Delete the third bullet from the list you gave me."),
    ("none", None, "Lösche den zweiten Punkt aus der Liste, die du mir gegeben hast."),
    ("none", None, "Remove the second bullet from the summary you wrote."),
    ("none", None, "Take Kyoto out of the itinerary you made."),
    ("none", None, "Help me ask my landlord, Pemberton Estates, to remove my details from their files."),
    ("none", None, "Forget about the alliteration this time and make it punchy."),
    ("none", None, "Oublie la rime pour ce poème, écris en vers libres."),
    ("none", None, "can you forget about rhyming for this one and just write free verse?"),  # v4
    ("none", None, "Olvida las rimas esta vez y escribe en prosa."),
    ("none", None, "Oublie les adjectifs pour cette fois, fais court."),
    # hard negatives of the new constructions
    ("none", None, "Drop my phone number from the signature block and keep the rest."),
    ("none", None, "Can you drop my address from the invoice template?"),
    ("none", None, "Stop using my address in the examples, use a fake one."),
    ("none", None, "The villain in my story should act as if I never told him about the treasure."),
    ("none", None, "How do I undelete photos from the recycle bin on Windows?"),
    ("none", None, "Undelete my report from the trash folder please."),
    ("none", None, "Remember my sister's birthday is on 3 May."),
    ("none", None, "Remember that I prefer metric units again."),
    ("none", None, "Jag såg Karin igen igår, vi fikade."),
    ("none", None, "meri file ko delete karne wali request undo kar do"),
    ("none", None, "No guardes la ropa mojada en el armario, ¿verdad?"),
    ("none", None, "Je préfère que tu ne gardes pas les restes au frigo plus de trois jours, c'est dangereux ?"),
    ("none", None, "Borra lo de ayer, no era importante."),
    ("none", None, "yo can you write me a poem about forgetting"),
    ("none", None, "Stop saving that figure to the cloud."),
    ("none", None, "The total is 1,250 so don't keep that number in the cell, just the formula."),
    ("none", None, "Sorry about the rant - treat it as if I never said anything."),
    ("none", None, "That bug in the code - treat it as if I never mentioned it and just refactor."),
    ("none", None, "Stop using my email address for newsletters, and don't keep sending me spam."),
    ("none", None, "Drop my email address into the form for me."),
    ("none", None, "remove my address from the shipping label"),
    ("none", None, "Please drop my address from your answer and use a placeholder."),
    ("none", None, "I'd rather you didn't save the file yet."),
    ("none", None, "I'd prefer it if you didn't track changes in this document."),
    ("none", None, "Forget the intro for now, we'll write it later."),
    ("none", None, "btw forget it, doesn't matter"),
]


@pytest.mark.parametrize(("intent", "targets", "text"), CASES, ids=[c[2][:60] for c in CASES])
def test_round3_intent_classes(intent: str, targets: list[str] | None, text: str) -> None:
    result = detect_intent(text)
    assert result.intent == intent, (result.rule, result.targets)
    if targets is not None:
        assert [t.casefold() for t in result.targets] == [t.casefold() for t in targets], result.rule


@pytest.mark.parametrize("text", [
    "Forget my ex Daniel Brook, this time for good.",  # "this time" with a lasting word stays a request
    "Forget Marcus Whitfield, this time I mean it.",  # ... and so does a name
    "Please delete my old address from your memory, not from their records.",  # the assistant's memory is named
    "Forget Dana Reyes.",
])
def test_round3_scope_words_keep_real_requests(text: str) -> None:
    assert detect_intent(text).intent == "forget"


def test_pronoun_target_in_a_continuation_does_not_recurse() -> None:
    """A pronoun object ("treat him as though ...") in a message whose first clause names the person used to make
    target cleaning recurse without end (the continuation's pronoun looked up the name, which continued again)."""
    result = detect_intent("My cousin Bartek Nowicki - treat him as though I never mentioned him.")
    assert result.targets == ["Bartek Nowicki"]
