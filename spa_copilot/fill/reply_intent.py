"""Reading a guest's SMS reply: ``classify_reply`` says whether it is plainly a yes, a no, an opt-out
(STOP), an opt-in (START), a yes to the slot said with an opt-out that can only be hers (YES_STOP) or anything else
for a person to follow up, with the vocabulary it reads them by (which
also tells whether an invitation asks for the YES that books: ``drafts._names_a_claiming_reply``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

ReplyIntent = Literal["yes", "no", "stop", "start", "other", "yes_stop"]

#: A YES needs one of these and nothing but YES vocabulary around it; anything else is NO or "other".
#: "Sí" too: a guest who answers in Spanish ("Sí, gracias", "Sí por favor") means yes as plainly as one who says YES;
#: so do "Claro" and "Confirmed" (rev31a; "Please confirm" is a question, ``_UNDECIDED_PHRASES``).
_YES_CORE = frozenset({
    "yes", "y", "yep", "yeah", "yea", "yup", "yas", "yess", "sure", "ok", "okay", "k", "absolutely", "definitely", "sí", "si",
    "oui", "sim", "confirmed", "confirm", "claro",
    # s33: the spellings guests type as often ("Yeh", "Yah", "Okey", "Oki", "Okie dokie", "Ouais"; "Yaaas" is "yas")
    "yeh", "yah", "okey", "oki", "okie", "ouais",
})
#: Those s33 spellings (and "Yaaas"), a yes-word of politeness more than of agreement: they never cancel a firm
#: keyword said as its own sentence ("Yeh no. Stop", "Okey... STOP": rev33d H1), stand beside one as "ok" and "yes"
#: do ("Yeh stop" is a STOP), and beside a plain decline leave it a NO ("Oki no thanks", "Yeh I can't make it": M1).
_YES_SPELLED_LOOSELY = frozenset({"yeh", "yah", "okey", "oki", "okie", "ouais", "yas"})
_YES_CORE_PHRASES = (
    "i'll take it", "i will take it", "ill take it", "count me in", "book me", "book it", "sounds good", "i want it",
    "of course", "i'm in", "im in", "sure thing",
)
_YES_FILLER = frozenset({
    "please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "so", "much", "i'll", "ill", "i", "will", "take", "it",
    "that", "one", "great", "perfect", "sounds", "good", "count", "me", "in", "book", "love", "to", "would", "i'd",
    "works", "for", "the", "slot", "spot", "awesome", "amazing", "lovely", "wonderful", "of", "course", "want", "hi",
    "hello", "see", "then", "oh", "ya", "yay", "a", "lot", "claim", "claimed", "definitely", "absolutely", "sure",
    "actually", "really", "just", "be", "there", "gracias", "por", "favor", "claro", "que", "thing", "i'm", "im",
    "merci", "obrigada", "obrigado", "porfa", "lol", "haha", "hahaha", "hehe", "lmao", "soon", "us", "dokie", "dokey",
    # s33: "Ok cool", "Alright, see you then", "Yes I'm free" (never a yes alone: "Cool", "Free!" are for a person)
    "cool", "alright", "alrighty", "free",
})
#: Yes-words an invitation does not ask for a reply with by using them ("we are sure you will love it").
_YES_NOT_ASKED = frozenset({"absolutely", "definitely", "sure", "k", "confirmed", "confirm", "claro"})
#: "Yesss", "YESSSS": a yes however many s it has.
_DRAWN_OUT_YES = re.compile(r"ye+s+")
#: The same of "Siii", "Okk", "Okayyy", "kk", "Stopp", "Pleaseee", "Plzzz": each its one word.
_DRAWN_OUT = ((re.compile(r"s[ií]{2,}"), "sí"), (re.compile(r"stopp+"), "stop"), (re.compile(r"noo+"), "no"), (re.compile(r"okk+"), "ok"), (re.compile(r"okay+"), "okay"),
              (re.compile(r"kk+"), "k"),
              # s33: "Yes pleaseee", "yess plzzz", "Stop plsss": politeness drawn out is politeness still
              (re.compile(r"ya+s+"), "yas"), (re.compile(r"pleas+e+"), "please"), (re.compile(r"plz+"), "plz"), (re.compile(r"pls+"), "pls"))
#: Words glad of the offer that say yes alone or beside only thanks, "sounds", "see you then/soon/there" or "I'll be
#: there" ("Sounds great", "Deal", "Great thanks", "Lovely, thank you", "Great, see you then"), read only when nothing
#: else in the reply says otherwise: no no, no question, no condition, no time or other day, no doubt mark ("Great, no
#: thanks" is a no; "Deal, but at 4pm?" is for a person). Strict, as a glad word is as easily sarcastic or polite as it
#: is a yes: no other word beside it ("Great thanks, I'll see", "Oh great, thanks a lot", "great lol" are for a
#: person), no emoji but a plainly glad one ("Great 🙄", "Amazing 😂" are for a person), no ellipsis ("Great...").
_GLAD_YES = frozenset({"great", "deal", "awesome", "amazing", "wonderful", "lovely"})
_GLAD_REPLY = re.compile(
    rf"(?:(?:thanks|thank you|thx|ty) )?(?:sounds )?(?:{'|'.join(sorted(_GLAD_YES))})"
    r"(?: (?:thanks|thank you|thx|ty))?(?: (?:see you (?:then|soon|there)|i'll be there|ill be there|i will be there))?"
)
#: The emoji that leave a yes or a glad reply glad (one list for both): 👍, 🙂, 😊, ❤️, 🙏, ✅, ✔️, and the plainly happy
#: faces, hearts and cheers (😀 😃 😄 😁 😍 🥰 🤩 😘 ☺️ 🤗 😻 💕 💖 💗 💓 💞 💘 💝 ♥️ 🎉 🥳 🙌 👏 👌 ✨ 💯 💆 🌸), any skin tone
#: or gender sign. Any other emoji beside a yes or a glad word ("Yes 😂", "Yes 🙃", "Yes 🤦‍♀️", "Great 🙄") sends it to
#: a person (rev31a M4: "Yes 😬" and "Yes 🖕" were booked).
_GLAD_EMOJI = re.compile(
    "[\U0001F44D\U0001F642\U0001F60A\u2764\U0001F64F\u2705\u2714\u2611"
    "\U0001F600\U0001F603\U0001F604\U0001F601\U0001F60D\U0001F970\U0001F929\U0001F618\u263A\U0001F917"
    "\U0001F63B\U0001F495\U0001F496\U0001F497\U0001F493\U0001F49E\U0001F498\U0001F49D\u2665\U0001F389"
    "\U0001F973\U0001F64C\U0001F44F\U0001F44C\u2728\U0001F4AF\U0001F486\U0001F338"
    # rev31d: more hearts (💜 💙 💚 💛 🧡 🖤 🤍 🤎 🩷 🩵) and happy faces, flowers and cheers (😆 😉 😇 🥹 😌 🔥 💅 🙋 🌺 🌷 🌼)
    "\U0001F49C\U0001F499\U0001F49A\U0001F49B\U0001F9E1\U0001F5A4\U0001F90D\U0001F90E\U0001FA77\U0001FA75"
    "\U0001F606\U0001F609\U0001F607\U0001F979\U0001F60C\U0001F525\U0001F485\U0001F64B\U0001F33A\U0001F337\U0001F33C]"
    "(?:[\U0001F3FB-\U0001F3FF\uFE0F]|\u200D[\u2640\u2642]\uFE0F?)*"
)
#: The happy emoticons (":)", ":-)", ":D", "=)", ";)", "<3"): beside a yes, no doubt ("Yes :(", "Sure :/" are).
_HAPPY_EMOTICON = re.compile(r"(?<![\w:/])(?:[:=;]-?[)D\]]|<3)(?![\w/])")
#: What is left an emoji or an emoticon once those are set aside: a sad, wry, angry or unknown face or sign.
_ANY_EMOJI = re.compile("[\u203C\u2049\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u3030\u303D\u3297\u3299]")
_ANY_EMOTICON = re.compile(r"(?<![\w:/])(?:[:=;8xX]['-]?[()\[\]/\\|{}@$sSpPoO03*]|[-^T>]_+[-^T<]|D:)(?![\w/])")


def _unglad_mark(body: str) -> bool:
    """Whether a reply holds an emoji or an emoticon that is not plainly glad (``_GLAD_EMOJI``, ``_HAPPY_EMOTICON``)."""
    rest = _HAPPY_EMOTICON.sub(" ", _GLAD_EMOJI.sub(" ", body))
    return bool(_ANY_EMOJI.search(rest) or _ANY_EMOTICON.search(rest))
#: What else a glad reply may hold: letters, spaces, an apostrophe, a comma, a dash, one full stop or exclamation marks.
_GLAD_PLAIN = re.compile(r"[\w\s'\u2019,!-]*\.?!*[\w\s'\u2019,!-]*")
_NO_CORE = frozenset({"no", "n", "non", "não", "nao", "nope", "nah", "naw", "not", "can't", "cannot", "cant", "don't", "dont", "won't", "wont", "pass", "decline",
                      "pas"})  # the French "pas": "Pas cette fois", "Pas possible" ("Pas de souci" is eager, below)
#: ... and "I'm busy" (rev32), a way to say no that holds no negation.
_NO_PHRASES = ("not this time", "can't make it", "cannot make it", "cant make it", "no thanks", "not interested",
               "i'm busy", "im busy", "i am busy")
#: "Next time", "Next time, thanks", "La próxima": a no to this one, as the whole reply ("Next time text me
#: earlier" or "Yes! Next time too" is not one).
_NEXT_TIME = re.compile(
    r"(?:(?:oh|ah|sorry|thanks|thank you|thx|ty|no|nah) )*(?:next time|(?:la )?pr[óo]xima(?: vez)?)"
    r"(?: (?:thanks|thank you|thx|ty|sorry|then|though|gracias|x+))*"
)
#: s35: a plain decline said as the whole reply with thanks, regret or a "but" before it, or politeness after it: "Thanks
#: but no thanks", "Thank you, but I can't make it", "I wish I could, sorry", "Another time, thanks", "That doesn't
#: work for me", "I'm unable to make it", "I'll have to pass", "I'm out of town, sorry", "Too short notice", "Estoy
#: trabajando, lo siento" (each was for a person, its "but" or "another" read as a condition, and the slot waited).
#: Only these words: anything else ("Thanks but can I do 4?", "Sorry I can't, is there a later one", "I'm at work",
#: "Another day") a person reads, and so does a "maybe" ("Maybe next time", "Maybe another time": rev32 pins it).
_DECLINE_LEAD = (
    r"(?:aw+|ah|oh|sorry|so sorry|i'm sorry|im sorry|unfortunately|sadly|no|nah|nope|not today|not this time"
    r"|no thanks|no thank you|thanks anyway|(?:thanks|thank you|thx|ty)(?: so much)?(?: for (?:the offer|offering"
    r"|asking|thinking of me|reaching out|letting me know|the heads up|the text|the message))?|i wish|(?:i )?wish i could"
    r"|lo siento|gracias|muchas gracias|merci|obrigad[ao])"
)
_DECLINE_TAIL = (
    r"(?:sorry|so sorry|thanks|thank you|thx|ty|though|anyway|unfortunately|sadly|this time|then|that day"
    r"|that week|entonces|ese d[íi]a|esa semana|x+|lo siento|gracias|merci|obrigad[ao])"
)
#: What declines alone, whatever stands beside it of ``_DECLINE_LEAD`` and ``_DECLINE_TAIL``
_DECLINE_SAID = (
    r"(?:no|no thanks|no thank you|not this time|not today|not this one|(?:i )?(?:can't|cant|cannot)(?: make it| come"
    r"| do it| go| do that)?|(?:i'm|im|i am) busy|(?:i'm|im|i am) not free|(?:i'll|ill|i will|i'm gonna|im gonna"
    r"|i'm going to|im going to|gonna|going to|i'll have to|ill have to|i have to|have to) (?:pass|skip this one)"
    r"|(?:i'll|ill|i will) sit this one out|(?:i )?wish i could"
    r"|(?:(?:that|it|this|that time|this time|the time) )?(?:doesn't|doesnt|does not|won't|wont|will not) work"
    r"(?: for (?:me|us))?"
    r"|(?:(?:i'm|im|i am|i'll be|ill be|i will be) )?unable to(?: make it| come| do it| attend| go)?"
    r"|(?:(?:i'm|im|i am|i'll be|ill be|i will be) )?(?:out of town|traveling|travelling)"
    r"|(?:too |very )?short notice|not enough notice|(?:i )?(?:have|got|i've got|ive got) (?:other )?plans"
    r"|next time|another time|some other time|no puedo|(?:je )?(?:ne )?peux pas|n[ãa]o posso)"
)
#: What declines only beside politeness or regret ("I'm at work then, sorry", "I'm away that week", "Skip, thanks",
#: "Another day, thanks", "Paso, gracias": alone, "I'm at work", "I'm away", "Another day" or "Paso" may mean something
#: else). Being at work or away declines only when said of the offer's time ("then", "that day", "that week"): "Sorry,
#: I'm at work", "At work, sorry", "Sorry working" is as often "I can't talk now", and "today" or "this week" may not
#: be the offer's day ("I'm busy today", "I'm away today", "I have plans today" to a slot on Tuesday): a person reads
#: those (rev35d M1: they were a NO, and the offer moved on); in Spanish as in English (s36: "Estoy trabajando, lo
#: siento" was a NO while "Sorry, I'm at work" went to a person; "Estoy trabajando ese día, lo siento" is a NO)
_DECLINE_BESIDE = (
    r"(?:(?:(?:i'm|im|i am) )?(?:at work|working)(?= (?:then|that day|that week)\b)|(?:(?:i'm|im|i am) )?busy"
    r"|(?:(?:i'm|im|i am|i'll be|ill be|i will be) )?away(?= (?:then|that day|that week)\b)|skip"
    r"|(?:i'll|ill|i will) skip|another day|otro d[íi]a|(?:esta vez )?paso|estoy trabajando(?= (?:entonces|ese d[íi]a|esa semana)\b)|rain ?check)"
)
_PLAIN_DECLINE = re.compile(
    rf"(?:{_DECLINE_LEAD} )*(?:but )?{_DECLINE_SAID}(?: {_DECLINE_TAIL})*"
    rf"|(?:{_DECLINE_LEAD} )+(?:but )?{_DECLINE_BESIDE}(?: {_DECLINE_TAIL})*|{_DECLINE_BESIDE}(?: {_DECLINE_TAIL})+"
)
#: Enthusiasm or indifference worded like a negation ("Can't wait!", "No problem!", "I don't mind"): never a no.
#: Taken out of the reply before a negation is looked for; what remains decides ("Yes! Can't wait" is a yes,
#: "Can't wait!" or "I don't mind" alone is "other", for a person to follow up).
_EAGER_PHRASES = re.compile(
    r"\b(?:can't wait|cant wait|cannot wait|can not wait|no problem|no problemo|not a problem|no prob|no probs|"
    r"n[ãa]o tem problema|sem problema|no hay problema|pas de probl[èe]me|pas de soucis?|"
    r"no worries|(?:i )?(?:don't|dont|do not) mind(?: if i do| at all)?|"
    # "I'm not busy", "Not busy!": free, not a no (a yes beside it decides)
    r"(?:i'm |im |i am )?not busy|"
    # s34: "Yeh I cant refuse", "Por supuesto, no puedo esperar", "I'll be there, not a minute late" (rev33g G4, G5)
    r"(?:can't|cant|cannot|can not) (?:refuse|resist)|no puedo esperar|(?:je )?(?:ne )?peux pas attendre|"
    # (s35: not "not late enough", a decline: rev34e R3)
    r"not (?:(?:a|one) minute )?late(?! enough\b))\b"
)
#: The opt-out keywords SMS providers honour: a reply of only these (and politeness) means "no more texts".
#: Inside a sentence "cancel" or "end" mean something else ("see you at the end of the day"): a person reads it.
#: "REVOKE" too: a word the FCC's 2025 rules require to be honoured as an opt-out, as "STOP ALL" (``_STOP_WHOLE``).
#: "Unsub", "Arrêtez", "Pare", "Descadastrar" too, and the few misspellings of STOP and UNSUBSCRIBE guests send ("Sotp",
#: "Unsubcribe"; "Stopp" is "stop" drawn out): each only as the whole reply, never a near match of any word ("Stopping
#: by at 3" and "Top!" are no opt-out).
_STOP_TYPOS = frozenset({"sotp", "stpo", "unsubcribe", "unsuscribe", "unsubscibe", "unsubsribe", "unsusbcribe"})
_STOP_KEYWORDS = frozenset({
    "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "revoke", "alto", "parar", "baja", "arret",
    "arrêt", "unsub", "arrêtez", "arretez", "arrête", "arrete", "pare", "parem", "descadastrar", "remove",
    # rev32: "Basta", "Spam", "Sair" (Portuguese "exit"), "Cancelar" (as "Cancel" alone is: "Quiero cancelar mi cita"
    # is for a person)
    "basta", "spam", "sair", "cancelar",
}) | _STOP_TYPOS
#: What may stand beside the keywords: politeness in English, Spanish, French and Portuguese ("Stop por favor", "STOP
#: gracias", "Stop svp", "Stop merci", "Stop obrigada"), urgency, and what is to stop ("STOP SMS", "Stop txt").
_STOP_POLITENESS = frozenset({
    "please", "pls", "plz", "ok", "okay", "now", "thanks", "thank", "you", "yes", "y", "just", "thx", "ty", "por",
    "favor", "porfa", "gracias", "svp", "merci", "obrigada", "obrigado", "asap", "immediately", "sms", "txt", "txts",
    "texts", "msg", "msgs", "messages", "mensajes", "mensagens", "ya",
}) | _YES_SPELLED_LOOSELY
#: A firm keyword said again or to a wrong number ("I said STOP", "Wrong number, please stop"): still an opt-out.
_STOP_INSISTING = frozenset({"i", "said", "already", "told", "wrong", "number"})
#: A no said with an opt-out ("NO STOP", "Not interested, stop", "No thanks. Unsubscribe"): still "no more texts". Only
#: these keywords ("No, cancel" may be about a booking) and only a plain no beside them ("No, don't stop" is not one).
_STOP_FIRM = frozenset({"stop", "stopall", "unsubscribe", "quit", "optout", "revoke", "unsub"}) | _STOP_TYPOS
#: A whole reply (a line of it) of "STOP ALL" or "Stop it", maybe with politeness: an opt-out. Not inside a sentence.
_STOP_WHOLE = re.compile(
    r"(?:please |pls |just )?(?:stop (?:all|it)|(?:do not|don't|dont) (?:text|txt|message))(?: please| pls| now| thanks| thank you)?"
)
_STOP_WITH_NO = frozenset({"no", "n", "nope", "nah", "not", "interested"})
#: "stop, I'm not interested" (rev31d): its "I'm" beside the no; never "Stop, I am interested" (rev31e)
_NOT_INTERESTED = re.compile(r"\b(?:i'm|im|i am) not interested\b")
#: Phrases that ask for no more texts wherever they stand in the reply (the text as words, "opt-out" → "opt out"),
#: a NO beside them too ("No, please don't send me these anymore", "No, and quit texting me"); in Spanish, French and
#: Portuguese as guests commonly say it ("No me manden más mensajes", "Ne m'envoyez plus de messages", "Não me mandem
#: mais mensagens"). Only words about texts: "no more" alone, "don't send me the address" or "take me" ("Yes, take
#: me!") are not an opt-out.
_STOP_PHRASES = re.compile(
    r"\b(?:unsubscribe|stopall|opt ?(?:me )?out|"
    r"(?:stop|quit) (?:all )?(?:texting|txting|messaging|sending|contacting|the texts|these texts|texts|messages|"
    r"the messages|these messages|your texts|your messages|spamming|bothering|msging|msgs|the msgs|txts)|"
    r"remove me\b|take me off\b|no more (?:texts|txts|messages|texting|sms|msgs)|"
    # rev32: "Unsub me", "This is spam", "No more of these" (the whole reply, maybe with thanks: "No more of these 3pm
    # slots" is no opt-out)
    r"unsub me\b|(?<!\bis )(?:this is|that's|thats|it's) spam\b|"
    r"no more (?:of )?(?:these|those|them)(?: (?:please|pls|plz|thanks|thank you|thx|ty|texts|txts|messages|msgs|sms))*$|"
    # rev31d: "Remove my number" ("Remove this number": ``_REMOVES_THIS_NUMBER``), "Delete me", "Get me off this list", "Stop with the texts", "Don't text this number",
    # "Stop emailing and texting me"
    # (not "delete me from the 5pm", "get me off this list and onto the 11am": another booking, rev31e)
    r"(?:remove|delete) my (?:number|phone number|cell|contact)|delete me\b(?! from (?:the |my )?(?:\d|\w+day\b|other\b))|"
    r"get me off (?:this|your|the|ur) list(?! and (?:onto|on to|into|put me))|"
    r"(?:stop|quit) with (?:the|these|your) (?:texts|txts|messages|msgs)|"
    r"(?:don't|dont|do not) (?:text|txt|message) (?:this|my) number|"
    r"(?:stop|quit) (?:emailing|calling)(?: me)? (?:and|or|&) (?:texting|txting|messaging)|"
    r"(?:don't|dont|do not) want (?:to (?:get|receive) )?(?:these|those|your|any ?more|any) "
    r"(?:texts|txts|messages|msgs|sms)|"
    r"(?:don't|dont|do not|never) (?:text|txt|message|contact) me|leave me alone|lose my number|"
    r"(?:don't|dont|do not|never) send me (?:these|those|this|texts|txts|messages|any ?more|anything)\b|"
    # Spanish: "no me manden más", "ya no me escriban", "no quiero más mensajes", "dejen de escribirme"
    r"(?:ya )?no me (?:manden|mandes|mande|envíen|envien|envíes|envies|envíe|envie|escriban|escribas|escriba|"
    r"contacten|contactes|contacte|textees|texteen)"
    r"(?= (?:(?:\w+ ){0,2}(?:más|mas)\b(?! (?:tarde|temprano|que|antes|después|despues|de (?:\d|una?\b|uno\b|dos\b|tres\b)))|mensajes\b)|$)|"
    r"no quiero (?:recibir )?(?:(?:más|mas) )?(?:mensajes|textos|sms)|(?:ya )?no (?:más|mas) (?:mensajes|textos|sms)|"
    r"no quiero que me (?:escriban|manden|envíen|envien|contacten|texteen)|no (?:me )?molesten(?! (?:antes|después|despues|tarde|temprano|a las|de (?:\d|noche|mañana)))|"
    r"(?:dar|darme|denme|deme) de baja|(?:ya )?basta(?: ya)? de (?:mensajes|textos|sms)|"
    r"(?:dejen|deja|deje) de (?:escribirme|mandarme|enviarme|contactarme|textearme)|"
    r"(?:dejen|deja|deje) de (?:mandar|enviar) (?:mensajes|textos|sms)|"
    r"qu[ií]t[ae]n?me de (?:la|su|sus) lista(?! de (?:las|la|los) \d)|"
    # Portuguese and French: "me tira da lista", "retirez-moi de la liste"
    r"me (?:tira|tire|tirem) da lista|retire[zr]?[ -]moi de (?:la|votre|vos) liste|"
    # French: "ne m'envoyez plus", "arrêtez les messages", "arrêtez de m'écrire", "plus de messages", "désinscrire"
    r"ne (?:m'|me )(?:envoyez|envoie|envoies|envoyer|écrivez|ecrivez|écris|ecris|contactez|contacte) plus|"
    r"arr[eê]te[zr]? (?:les |vos |ces )?(?:messages|sms|textos)|"
    r"arr[eê]te[zr]? de (?:m'|me )(?:envoyer|écrire|ecrire|contacter)|plus de (?:messages|sms|textos)|"
    r"d[ée]sinscri\w*|d[ée]sabonne\w*|descadastr\w*|"
    # Portuguese: "não me mandem mais", "parem de me mandar", "não quero mais mensagens"
    r"n[ãa]o me (?:mandem|mande|mandes|manda|enviem|envie|envies|escrevam|escreva|contatem|contate|contactem) mais|"
    r"(?:parem|pare|para) de (?:me )?(?:mandar|enviar|escrever|contatar|contactar)|"
    r"n[ãa]o quero (?:receber )?mais (?:mensagens|sms|textos)|n[ãa]o quero (?:mais )?receber (?:mensagens|sms|textos))\b"
)
#: Asking to come off the waitlist ("take me off the waitlist", "remove me from the list"): not a "never text me
#: again" (so no opt-out is recorded), and beside a yes no plain yes either: a person reads it.
#: The yes that sends a reply with an opt-out phrase that may not be hers to a person (rev30k; rev31a M3: "I'll take it!
#: Remove me from my 5pm", "Sure, stop texting the others", "Count me in, and remove me from the other slot" were a
#: STOP): any YES word or phrase, whole words, but "y" (Spanish "and") and "si" ("if"), or a yes in other words
#: ("Perfect! Take me off the 4pm then"). Beside a yes, only the
#: phrases ``_MAYBE_NOT_HERS`` lists go to a person: "Sure, unsubscribe me", "Ok, stop texting me" stay a STOP.
_YES_BESIDE_AN_OPT_OUT = _YES_CORE - {"y", "si"}
#: Beside any yes to the slot (``_says_a_yes``) even a bare "remove me" or "take me off the list" may not be hers (the
#: slot is wanted, the waitlist is not): "Yes please, you can remove me from the list", "Perfect, remove me from the
#: list" go to a person.
_REMOVE_ME = re.compile(
    r"\b(?:remove me|take me off|delete me|get me off|qu[ií]t[ae]n?me de|me (?:tira|tire|tirem) da|"
    r"retire[zr]?[ -]moi de)\b"
)
#: An opt-out of emails, not texts ("stop sending emails, text is fine"): a person reads it.
_EMAILS = re.compile(r"\be ?mails?\b|\bemailing\b")
_TEXTS_TOO = re.compile(r"\b(?:texts?|txts?|texting|txting|sms|messages?|msgs?|number|phone|everything|all)\b")
#: The emails named alone ("unsubscribe me from emails", "emails only"): "Remove me, emails too" and "unsubscribe my email
#: and phone" are text opt-outs as well (rev31e M1).
_EMAILS_ALONE = re.compile(
    r"\b(?:(?:from|of) (?:the |your |all )?|sending (?:me )?(?:the |your |these )?|unsubscribe (?:my |me from (?:your |the )?))"
    r"e ?mails?\b(?! (?:and|&|or|too|as well|included))|\be ?mails? only\b"
)
_TEXTS_WELCOME = re.compile(r"\b(?:texts?|texting|sms)(?: (?:is|are))? (?:fine|ok|okay|only|good)\b")


def _says_a_yes(joined: str, *, agreeing: bool = True) -> bool:
    """Whether a reply's words (``_reply_words``) hold a YES word or phrase (``_YES_BESIDE_AN_OPT_OUT``); without
    ``agreeing``, an "ok", "sure" or "k" is none ("Ok, remove me" only agrees); a loose spelling
    (``_YES_SPELLED_LOOSELY``) never is: "Yeh, remove me" is the opt-out it was before "yeh" was a yes (rev33g G1)."""
    words = (_YES_BESIDE_AN_OPT_OUT if agreeing else _YES_BESIDE_AN_OPT_OUT - _WEAK_YES) - _YES_SPELLED_LOOSELY
    return bool(words & set(joined.split())) or any(
        re.search(rf"\b{re.escape(phrase)}\b", joined) for phrase in _YES_CORE_PHRASES
    )
#: "yes" talked about rather than said ("Why do you keep asking me to reply yes", "I will never reply yes"); not the
#: idiom "enough said" before a yes ("Enough said, yes please STOP texting my ex": s36, it was a STOP that lost her yes)
_YES_AS_A_WORD = re.compile(r"\b(?<!\benough )(?:reply|replying|replied|say|saying|said|answer|answering|text|texting|type|send) (?:yes|y|sí|si)\b")
#: Only the waitlist's own words: "take me off the list" is an opt-out (rev30j).
_OFF_THE_WAITLIST = re.compile(
    r"\b(?:take me off|remove me from|delete me from|get me off|opt (?:me )?out of) (?:the |your |that |this )?"
    r"(?:other |\w+day |\d+ ?(?:am|pm)? )?"
    r"(?:wait ?lists?|wait-lists?|waiting lists?|cancellation lists?)\b"
    # Spanish and Portuguese: "quítenme de la lista de espera", "me tira da lista de espera"
    r"|\b(?:qu[ií]t[ae]n?me|s[áa]qu[ae]n?me) de (?:la|su) lista de espera\b|\bme (?:tira|tire|tirem) da lista de espera\b"
    r"|\bretire[zr]?[ -]moi de (?:la|votre) liste d'attente\b"
)
#: A guest still deciding ("I don't know yet", "No idea, let me check", "Can't decide", "Not yet, checking with my
#: boss") has not said no: a NO would end their hold and offer the slot on; a person follows up instead.
_UNDECIDED_PHRASES = re.compile(
    r"\b(?:(?:don't|dont|do not|didn't|didnt) know|no (?:idea|clue)|not sure|"
    r"n[ãa]o sei|n[ãa]o tenho certeza|no s[ée](?= todav[ií]a| a[uú]n| bien|$)|no estoy segur[oa]|non lo so|non so|"
    r"je ne sais pas|je sais pas|"
    r"(?:can't|cant|cannot|can not) (?:tell|decide|say|be sure)|(?:won't|wont|will not) know|not until|not yet|"
    r"let me (?:check|see|think|ask|get back)|checking|(?:please|pls|plz) confirm|check with|get back to you|(?:i'll|ill|i will|will) let you know"
    # "Perfect, I'll see", "we'll see": a hedge, not "I'll see you then"
    r"|(?:i'll|ill|i will|we'll|well|we will|will) see(?! (?:you|u|ya|yall|y'all)\b))\b"
)
#: "I'm ok", "I'm good", "I'll be ok": the polite way to turn an offer down as often as a yes ("I'm ok thanks", "Ok
#: thanks, I'm good", "No worries, I'm ok" were booked: "i'm", "be", "good" are YES filler, "ok" a YES word). Never a
#: yes; a NO only said as the idiom alone with thanks ("I'm ok thanks", "I'm good, thank you"), else a person reads it
#: ("I'll be ok", "Ok I'm good"). "No worries" beside no yes but "ok" or "sure" is none either ("Ok, no worries");
#: beside a yes of its own it is ("No worries, I'll take it!", "Yes no worries").
_NOT_NEEDED = re.compile(
    r"\b(?:i'm|im|i am|we're|we are|(?:i'll|ill|i will|we'll|we will) be) (?:ok|okay|k|good|fine|all set|all good)\b"
)
_NO_WORRIES = re.compile(r"\bno worries\b")
_WEAK_YES = frozenset({"ok", "okay", "k", "sure", "okey", "oki", "okie"})
_NOT_NEEDED_NO = re.compile(
    r"(?:oh )?(?:i'm|im|i am) (?:ok|okay|good|fine|all set)(?: thanks| thank you| thx| ty)(?: though| anyway)?"
)
#: s37: "I'm good", "I'm fine", "I'm all set" (no thanks needed) before a closing STOP typed in capitals ("I'm good
#: STOP", "I'm fine STOP"): a decline and an opt-out (they went to a person, and she was texted again). Not "I'm ok
#: STOP" ("ok" is a YES word: a person reads it, as s36 pins), nor a lower-case "I'm good stop".
_IM_GOOD = re.compile(r"(?:oh |no |nah )?(?:i'm|im|i am) (?:good|fine|all set)(?: thanks| thank you| thx| ty)?(?: though| anyway)?")
#: s37: a guest chasing her answer ("No answer yet?", "no confirmation yet?", "No reply?", "Still no answer?", "Hello?
#: No word yet?"): asking, not declining (rev36g G3: within the hold its "no" declined her offer; after it, it blocked
#: her in-time YES). Her whole reply, asked or said with "yet", "still" or "back" ("No reply yet"; "No reply" alone
#: stays a no), maybe with questions after that hold no no ("No answer yet? Did I get the slot?"). Not beside a decline
#: ("No answer yet? I'm not coming", "No reply yet thanks but no" stay a NO) nor a STOP ("No reply yet STOP" is one).
_CHASER = re.compile(
    r"(?:(?:hi|hello|hey|hiya|um+|hm+|so|and|but|sorry|ok|okay|still waiting|(?:i'm|im|i am) still waiting) )*"
    r"(?:still )?no (?:answer|reply|response|confirmation|word|news|update|text|message)s?"
    r"(?: (?:yet|still|back))*(?: from (?:you|u|you guys|the spa|anyone))?(?: (?:yet|still|back))*"
    r"(?: (?:please|pls|plz|thanks|thank you|thx|ty|hello|lol|x+))*"
)
#: What may stand before a chaser as a sentence of its own: a greeting, a wait ("Hello? No answer yet?", "Still
#: waiting, no reply yet?").
_CHASER_LEAD = re.compile(
    r"(?:(?:hi|hello|hey|hiya|um+|hm+|so|sorry|ok|okay|(?:i'm |im |i am )?still waiting(?: here)?)(?: |$))+"
)
#: ... and after it: politeness ("No answer yet? Thanks").
_CHASER_BESIDE = frozenset({"hi", "hello", "hey", "hiya", "please", "pls", "plz", "thanks", "thank", "you", "thx", "ty",
                            "lol", "x", "xx", "xxx"})
#: s37: "No rush", "no hurry" alone (maybe with thanks, "at all", "take your time", a weak "ok"): a polite word about
#: the spa's answer, not a decline of the offer; a person reads it, as "No worries" alone (its "no" made it a NO, and
#: the slot moved on from a guest who may have wanted it). Beside a yes of its own it is a YES ("No rush, yes please",
#: ``_NO_RUSH``), beside a decline a NO ("No rush, but no thanks", "No rush, count me out"), before a STOP a STOP.
_NO_RUSH_ALONE = re.compile(
    r"(?:(?:oh|ah|ok|okay|k|sure|and|hi|hello|hey|thanks|thank you|thx|ty) )*no (?:rush|hurry)(?: at all| whatsoever)?"
    r"(?: (?:on my end|on my side|from me|here))?(?: (?:thanks|thank you|thx|ty|take your time|whenever|lol|x+))*"
)
#: "No rush", "no hurry" as typed, set aside to read what else the reply says.
_NO_RUSH = re.compile(r"\bno[^\S\n]+(?:rush|hurry)(?:[^\S\n]+at[^\S\n]+all)?\b", re.IGNORECASE)
#: s38: ... with the idioms said of it ("I'm in no hurry", "Absolutely no rush", "Definitely, no rush", "Of course no
#: rush"), as typed, set aside to read a closing STOP beside them as it is read without them (``classify_reply``).
_NO_RUSH_SAID = re.compile(
    r"(?:\b(?:i['\u2019]?m|i[^\S\n]+am|we['\u2019]?re|we[^\S\n]+are)[^\S\n]+in[^\S\n]+"
    r"|\b(?:absolutely|definitely|of[^\S\n]+course)[^\w\n]*)?"
    r"\bno[^\S\n]+(?:rush|hurry)(?:[^\S\n]+(?:at[^\S\n]+all|whatsoever))?\b",
    re.IGNORECASE,
)
#: A question or a condition needs a person: "yes but can we do 3pm?", "yes if it's with Kai".
_QUALIFIERS = frozenset({
    "but", "instead", "if", "unless", "can", "could", "what", "who", "when", "where", "which", "how", "why", "later",
    "earlier", "tomorrow", "today", "another", "different", "other", "else", "maybe", "perhaps", "depends",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm",
})


#: The s33 yes phrases of politeness ("Por supuesto", "Con gusto", "Bien sûr", "Avec plaisir", "Com certeza").
_YES_POLITELY = re.compile(r"\b(?:por supuesto|con gusto|bien s[uû]r|avec plaisir|com certeza)\b")
#: A yes said in other words than YES vocabulary ("I can come", "I can do it", "Yes I can", "Sí, puedo", "I'll come"):
#: read as a plain "yes" word, so what stands around it still decides ("I can come at 3", "I can do it if it's with
#: Kai", "Yes I can't", "No puedo", "can I do 3pm" stay no yes). Only a bare "I can" ends the reply.
_YES_IN_OTHER_WORDS = re.compile(
    r"\b(?:i|we) can (?:come|make it|do it|do that|be there)\b|\b(?:i|we) can$|\b(?:i'll|ill|i will) come\b"
    # s33: "I'll be there!" ("I'll be there at 4", "... when hell freezes over" stay no yes; "I don't think I'll be
    # there", "I'll be there... not" a no); not "We'll be there" (who "we" are, for a one-guest slot, a person reads)
    # nor the song's "I'll be there for you" (rev33d)
    r"|(?<!\bthink )\b(?:i'll|ill|i will) be there\b(?! (?:not(?! (?:(?:a|one) minute )?late\b)|nah|for you)\b)"
    r"|(?<!\bno )(?<!\bnot )\bpuedo(?: ir| venir)?\b"
    # "Works for me", "That works", "Perfect!": what stands around them still decides ("Perfect but can it be 3?")
    r"|(?<!\bno )(?<!\bnot )\b(?:(?:that|it|this) )?works(?: for (?:me|us))?\b|(?<!\bnot )\bperfect\b"
    # rev32: "I'd love to", "Sign me up", "See you then!", "Perfecto", "Parfait", "D'accord" ("Pas d'accord" is a no)
    # (only at its end or before thanks: "Great, I would love to, really" is for a person)
    r"|\b(?:i'd|id|i would|we'd|we would) love to(?=$| (?:thanks|thank you|thx|ty|please|pls)\b)"
    r"|\bsign (?:me|us) up\b|\bsee (?:you|u|ya) (?:then|there)\b"
    r"|(?<!\bno )(?<!\bnot )\b(?:perfecto|perfecta|perfeito|perfeita|parfait)\b|(?<!\bpas )\bd'accord\b"
    # s33: "Por supuesto", "Con gusto", "Bien sûr", "Avec plaisir", "Com certeza" ("Por supuesto que no", "Bien sûr que
    # non" stay a no)
    rf"|{_YES_POLITELY.pattern}(?! que n(?:o|on|[ãa]o)\b| n[ãa]o\b| pas\b)"
)
#: The plain declines that beside an s33 yes phrase of politeness (``_YES_POLITELY``), or beside a loose spelling of
#: yes (``_YES_SPELLED_LOOSELY``), make a NO (rev33d M1: "Con gusto, pero no puedo", "Oki no thanks", "Yeh I can't
#: make it" went to a person and the slot waited).
_DECLINED_PLAINLY = re.compile(
    r"\b(?:(?:can't|cant|cannot|can not|no puedo|(?:ne )?peux pas|n[ãa]o posso)"
    # s34: not "can't refuse", "can't pass that up", "no puedo esperar" (eager: rev33g G4)
    r"(?! (?:refuse|resist|beat|pass|complain|wait|say no|esperar|attendre|refuser|resistir|recusar)\b)"
    r"|(?:no thanks|no thank you|no thx)(?! (?:needed|necessary)\b)|non merci|n[ãa]o obrigad[ao])\b"
)
#: The Spanish "vale" and "dale" ("ok", "go ahead"): a yes only as the whole reply, maybe with "sí", "ok", thanks or
#: "perfecto" (read as "yes" by then): "Vale", "Dale!", "Sí, dale", "Vale, gracias"; "Dale" is a name as well ("With
#: Dale please?", "Dale please" are for a person).
_ES_OK = frozenset({"vale", "dale"})
_ES_OK_BESIDE = frozenset({"sí", "si", "ok", "okay", "yes", "gracias", "muchas", "por", "favor", "porfa", "pues", "bueno"})
#: A yes that takes the slot, not one that may only agree to what is asked beside it ("Yes, unsubscribe me", "Ok, stop
#: texting me", "Of course, stop texting me" agree to the opt-out): "I'll take it", "Count me in", "Book me", "I want
#: it", "Sign me up", "I can come", "I'll be there", "See you then", "I'd love to". Beside an opt-out that can only be
#: hers it is a YES_STOP (rev32: "Yes, I'll take it, stop sending me openings" was a STOP, which declined the slot she
#: had just taken); beside "I'm good" it is a yes ("I'm good, book it!").
#: Only where the words truly take the slot: ending their clause (the reply's end, a stop, a comma, an emoji, "and",
#: "then", "but"), maybe with the offer as their object ("book me for it") or who it is for ("book it for me": s33,
#: "I'm ok, book it for me" was read as the polite "I'm ok" that declines) and politeness ("I'll take it, thanks").
#: "I want it to stop", "I'll take it up with your manager", "I'd love to know how you got my number", "Book it
#: yourself", "I'll be there when hell freezes over" take nothing (rev32c M1: beside an opt-out they were a YES_STOP).
_TAKES_THE_SLOT = re.compile(
    r"\b(?:(?:i'll|ill|i will|i'd|i would|we'll|we will) take (?:it|the (?:slot|spot|appointment|opening))|count (?:me|us) in"
    r"|book (?:me|it|us)(?: in)?|(?:i|we) want it|sign (?:me|us) up|(?:i|we) can (?:come|make it|do it|be there)"
    r"|(?:i'll|ill|i will|we'll|we will) (?:come|be there)|see (?:you|u|ya) (?:then|there)|(?:i'd|id|i would) love to)"
    r"(?: (?:for|in) (?:it|this|that|this one|that one|me|us|the (?:slot|spot|appointment|opening|one|session|booking"
    r"|massage|facial|treatment))| (?:for|at) (?:the )?\d{1,2}(?:[:.]\d\d)?(?: ?[ap]\.?m\.?)?)?"
    r"(?:[ ,]+(?:please|pls|plz|thanks|thank you|thx|ty|now|then|too|for sure|lol|haha|asap|today|tonight|gladly"
    r"|happily|x+))*"
    r"(?=[^\S\n]*(?:$|\n|[^\w\s']|(?:and|then|but|so|&)\b)"
    # run into the opt-out with no stop between ("I'll take it stop texting me", rev32e H1; "I'll take it STOP ALL",
    # s37), never as what she would love to do ("I'd love to unsubscribe")
    r"|(?<!love to)[^\S\n]+(?:stop|stopall|unsubscribe|unsub|quit|remove|take me off"
    r"|(?:don't|dont|do not|pls don't|please don't) (?:text|txt|message|send)|no more)\b)"
)
#: What says a slot is not taken after all beside such words ("No, don't book me. Stop texting", "I'll never take it").
_NOT_TAKEN = _NO_CORE | {"never", "nunca", "jamais"}
#: A yes that says the guest may be a few minutes late ("Yes - running 5 min late", "yes I'll be 10 mins late"): the
#: lateness is no condition on the yes. Up to 15 minutes, said as a number of minutes or "a few minutes"; "running
#: late" with no amount, or later than that, stays for a person to follow up.
_A_FEW_MINUTES_LATE = re.compile(
    r"\b(?:running|(?:i'll|ill|i will|i'm|im|i am|might|may|will) be) (?:(?:[1-9]|1[0-5]) ?|a few |a couple of )"
    r"(?:min|mins|minute|minutes) late\b"
)


#: The offer quoted back under a reply, as phones and mail apps add it: a ">" line, an "On … wrote:" header and all
#: after it, a "Replying to: …" header line, a line holding the offer's own "Reply YES to claim" and its time (its
#: footer may say "Reply STOP to opt out"), or the offer's text in quotes (""Hi Ana, … Reply YES to …"", 50 characters or more): its
#: words are no answer. The guest's own words are kept, even when they say "reply yes to" ("Or should I reply YES to
#: the 3pm one?", "Don't reply yes to "claim" for me", "Replying to unsubscribe").
_QUOTED = re.compile(
    r"^[ \t]*>.*$|^[ \t]*on\b.{0,120}\bwrote:[\s\S]*|^[ \t]*replying to[ \t]*[:\"“].*$"
    r"|^(?=.*\b\d{1,2}(?::\d\d)?\s?[ap]\.?m\b).*\breply\s+yes\s+to\s+claim\b.*$"
    r"|(?:(?<=\s)|^)[\"“](?=\S)(?=[^\"”\n]{50})[^\"”\n]{0,400}\breply\s+(?:yes|s[ií])\s+to\b[^\"”\n]{0,400}(?<=\S)[\"”]",
    re.IGNORECASE | re.MULTILINE,
)
#: A phone's or mail app's signature under a reply ("Sent from my iPhone", a "--" line and all after it): no answer
#: either ("Yes!⏎⏎Sent from my iPhone" was read as unclear).
_SIGNATURE = re.compile(r"^[ \t]*sent from my\b.*$|^[ \t]*(?:--|\u2014)[ \t]*$[\s\S]*", re.IGNORECASE | re.MULTILINE)
#: A mark that takes a yes back or doubts it ("Yes 👎", "yes ❌", "yes 🤔", "Sí ¿"): never a yes. Alone, a thumbs down
#: or a cross is a no; beside a no, any of them leaves it a no ("No 😢").
#: ... an eye-roll, an unamused or blank face, a raised brow, or an ellipsis the reply ends on ("Yes 🙄", "Yes..";
#: "Yes... see you at 3" is a yes): a person reads it.
_DOUBT_MARKS = re.compile("[？👎❌✖✗✘🙅🚫⛔☹🙁😢😞😔😕😭😩🤔¿🙄😒😑😐🤨]|(?:…|\\.\\.+)\\s*$")
_NO_MARKS = re.compile("[👎❌✖✗✘🙅🚫⛔]")


#: A "stop texting", "dejen de escribirme", "parem de mandar" asked NOT to happen, in one breath with its negation (no
#: stop or comma between: "No, dejen de escribirme" and "Sorry I can't. Stop texting me" are opt-outs): "Please don't
#: stop texting me", "Don't you ever stop sending these", "dont u dare stop", "Never stop texting me", "No dejen de
#: escribirme", "Não parem de me mandar"; and the French "send me more messages" ("Envoyez-moi plus de messages").
#: So too "don't remove me" (s34: "... my number", "... this number"), "don't take me off", "don't unsubscribe me", "don't opt me out" (rev31a M2: "No, but please
#: don't remove me from the list" recorded an opt-out): a guest asking to stay on the list.
_NOT_STOPPING = re.compile(
    r"\b(?:(?:don't|dont|do not)[^\S\n]+(?:(?:you|u|ya)[^\S\n]+)?(?:ever|dare)[^\S\n]+|(?:don't|dont|do not|never)[^\S\n]+)"
    r"(?:stop|quit|opt[^\S\n]+(?:me[^\S\n]+)?out|remove[^\S\n]+me|take[^\S\n]+me[^\S\n]+off|unsubscribe"
    # s34: "Don't remove my number", "Don't delete this contact": keeping it (it was a STOP)
    r"|(?:remove|delete)[^\S\n]+(?:my|this)[^\S\n]+(?:number|phone[^\S\n]+number|cell|contact))\b"
    r"|\b(?:no|nunca)[^\S\n]+(?:dejen|deja|deje)[^\S\n]+de\b"
    # "No borren mi número": Spanish for "don't delete my number" (rev34e R1)
    r"|\b(?:no|nunca)[^\S\n]+(?:borren|borres|borre|borrar|eliminen|elimines|elimine|eliminar)[^\S\n]+(?:mi|este)[^\S\n]+n[úu]mero\b|\b(?:n[ãa]o|nunca)[^\S\n]+(?:parem|pare|para)[^\S\n]+de\b"
    r"|\b(?:envoyez|envoie|envoyer)[-\s]+moi[^\S\n]+plus[^\S\n]+de\b"
)
#: The opt-out phrases a plain yes beside may mean something else: "Yes! Please remove me from the 5pm slot and book me
#: this one", "Yes, take me off the 4pm", "Yes, stop texting the others", "Yes, don't text me the address" (a person
#: reads which); beside any other,
#: a yes does not undo the opt-out ("Yes, unsubscribe me", "Yep, opt out", "Yes, never text me again").
_MAYBE_NOT_HERS = re.compile(
    # not "remove me" alone nor "take me off your list": beside any yes word (rev31a M3) those can only be hers; nor
    # "remove me from your contact list", "from all lists", "stop sending these", "stop texting this number" (rev31d:
    # "Ok stop sending these" was no opt-out): what they stop is the texts
    # ("delete me", "get me off" are read as "remove me", rev31e)
    r"\b(?:remove me|take me off|delete me|get me off)\b(?! *$| (?:from )?(?:your|the|ur|this|that|these|those|all|any"
    r"|every)(?: \w+)? (?:list|lists|texts|contacts?)\b)"
    r"|\b(?:stop|quit) \w+ (?!me\b|us\b|these\b|this\b|them\b|it\b|that\b|those\b|texts?\b|messages?\b|msgs?\b|sms\b"
    r"|now\b|please\b|pls\b|already\b|asap\b|immediately\b|my (?:phone|number|cell|mobile)\b(?! (?:after|before|at|during)))\w+"
    # "Yes, opt me out of the 5pm": of a booking, not of texts
    r"|\bopt (?:me )?out of (?:the |my )?(?:\d|\w+day\b|other\b|appointment\b|booking\b)"
    # "Yes, don't text me the address", "Yes, don't contact me by phone, text only", "no more texts needed"
    r"|\b(?:don't|dont|do not) (?:text|txt|message|contact) me (?!again\b|anymore\b|any more\b|ever\b|please\b|pls\b|at all\b)\w+"
    r"|\bno more \w+(?= needed\b)|\b(?:stop|quit) \w+ me (?:after|once|when)\b"
    # rev31e: "Yes, and please don't text my number after 8", "Yes please, stop texting at night": when, not whether;
    # "Sí, dejen de mandar mensajes a mi número viejo": another number
    r"|\b(?:(?:don't|dont|do not) (?:text|txt|message)|(?:stop|quit) \w+)(?: (?:me|this number|my number|to my \w+ number))?"
    r" (?:after|before|at night|in the morning|during|on weekends|between|until)\b"
    r"|\b(?:dejen|deja|deje) de (?:mandar|enviar) (?:mensajes|textos|sms) (?:a|al) (?!m[íi]$|mí\b)"
    r"|\bqu[ií]t[ae]n?me de la lista de (?:las|la|los) \d"
)


#: Asking whether the text is spam ("Is this spam?", "It's spam?", "Spam?"): a question, never an opt-out (rev32c H2).
_SPAM_ASKED = re.compile(
    r"(?:^|(?<=[.!?,;\n]))[^\S\n]*(?:(?:is|isn't|was|are) (?:this|it|that|these|you) |(?:it's|its|this is|that's|thats"
    r"|this) )?(?:a |just |more )?spam(?:,? (?:right|isn't it|is it|no|or not|or what|or real))?[^\S\n]*\?",
    re.IGNORECASE)
#: The opt-out line an SMS provider adds to a text, pasted or quoted back under her answer ("Reply STOP to opt out",
#: "(Text STOP to unsubscribe.)"): the provider's words, never her STOP (rev32g H3).
_PROVIDER_FOOTER = re.compile(
    r"\(?\b(?:reply|text|txt|send)\s+stop\s+to\s+(?:opt[\s-]?out|unsubscribe|end|cancel|stop|quit)\b[^\n)]*\)?",
    re.IGNORECASE)


#: s33 "Remove this number" ("Maria passed away, please remove this number"), narrowed (rev33d H2: "Don't remove this
#: number", "Why would you remove this number?", "Yes, remove this number and text my new one" were opt-outs): an
#: opt-out only as a sentence of its own, maybe after please/just and before politeness, in a reply with no question,
#: no negation, no yes and no other number or person (``_NOT_THIS_NUMBER``). Anything else a person reads.
_REMOVES_THIS_NUMBER = re.compile(
    # s34: after a greeting, an "ok" ("Okey remove this number"), a no, "can you" ("Can you please remove this
    # number", with no "?"), and with "and stop" after ("Please remove this number and stop"): still hers (rev33g G3)
    # s35: and after thanks ("No thanks please remove this number": it was a NO, and the number stayed on file)
    r"(?:(?:please|pls|plz|just|kindly|hi|hello|hey|ok|okay|okey|oki|okie|no|nope|so|but|thanks|thank you|thx|ty"
    r"|(?:can|could|would|will) (?:you|u)) )*(?:remove|delete) this (?:number|phone number|contact)"
    r"(?: (?:from (?:your|the|ur) (?:list|lists|contacts|contact list|records|system|database|mailing list)|please|pls|plz"
    r"|thanks|thank you|thx|ty|now|asap|immediately|and stop))*"
    # in Spanish: "Borra este número", "Por favor borren mi número"; never after "no", Spanish's "don't" ("No borren mi
    # número": keep it, rev34e R1); after "no gracias", "gracias", "pero", "mejor" (s35: "No gracias borren mi número
    # por favor", "Gracias pero borren mi número", "No, mejor borren mi número" were a NO or for a person)
    r"|(?:(?:por favor|porfa|hola|no gracias|gracias|pero|mejor) )*(?:borra|borren|borre|elimina|eliminen|elimine)"
    r" (?:este|mi) (?:número|numero)"
    r"(?: (?:por favor|porfa|gracias|ya))*"
)
_NOT_THIS_NUMBER = re.compile(
    # (s34: not "no" nor "not": "No, remove this number", "Not interested, remove this number" are hers, rev33g G3)
    r"\b(?:don't|dont|do not|never|why|should|would|can|could|new|cell|keep|use|my|her|his|their|sister|husband"
    r"|wife|mom|account|profile|bookings?|appointments?|waitlist"
    # another number or person to text given beside it ("Remove this number, text Sarah instead": rev33g G2); not a
    # call or an email instead, which asks for no more texts ("Remove this number, call me instead": rev33i M3)
    r"|landline|office|line|text|handles?)\b|\d"
)
#: s33 "No more offers" ("No more promos please", "Please stop with the offers", "I don't want these offers anymore"),
#: narrowed (rev33d H3: "offers" is also the guest's word for the openings she wants: "No more offers left?", "Stop
#: these offers, I'll take this one", "No more offers on weekends" were opt-outs): an opt-out only as the whole reply,
#: maybe with politeness, never asked, never with a time ("No more offers at 3pm please" to the 3pm offer). Anything
#: beside it (a yes or an "ok", a scope, a question) a person reads; "No more marketing emails" is no text STOP (M2).
#: s34: a sentence that only says someone died ("My mom passed away", "Sadly Maria died last month"), for
#: ``_beside_this_number``; and the "can you" asking to remove this number.
_A_DEATH = re.compile(
    r"(?:(?:sorry|sadly|unfortunately|hi|hello) )*(?:(?:my|our|her|his|the) )?(?:[\w']+ ){0,2}(?:has |have |had )?"
    r"(?:passed away|passed|died|is deceased|is dead)(?: (?:recently|sadly|last (?:week|month|year)|this (?:week|month|year)"
    # when ("She passed away in March", "2 years ago": rev35d L1)
    r"|in (?:january|february|march|april|may|june|july|august|september|october|november|december|\d{4})"
    r"|(?:\d+|a|an|two|three|a few|few) (?:days?|weeks?|months?|years?) ago))?"
)
_REACH_HER = re.compile(r"\b(?:text|txt|call|use|uses|new|cell|handles?|email|\d)")
_CAN_YOU_REMOVE = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?=(?:(?:please|pls|plz|kindly) )*(?:remove|delete) this\b)")
_NO_MORE_OFFERS = re.compile(
    # s34: after a plain no or an "ok" ("No thanks, no more offers", "Ok no more offers"), with "for me", "ever", "from
    # you" after, and "I don't want offers" with no "these" (rev33g G3); never after a yes or a "sure"
    r"(?:(?:no thanks|no thank you|no thx|no|nope|nah|not interested|ok|okay|okey|oki|hi|hello|thanks|thank you) )*"
    r"(?:(?:please|pls|plz|just) )*(?:no more|(?:stop|quit)(?: sending(?: me)?| with)?(?: all)?(?: the| these| those"
    r"| your)?|(?:i )?(?:don't|dont|do not) want(?: to (?:get|receive))?(?: (?:these|those|your|any ?more|any))?)"
    r" (?:offers|promos|promotions|marketing)"
    r"(?: (?:please|pls|plz|thanks|thank you|thx|ty|anymore|any more|now|for me|ever|from you|again))*"
    # in Spanish: "Ya no quiero más ofertas", "No quiero ofertas", "No más ofertas" (s34)
    r"|(?:(?:no gracias|no) )?(?:ya )?no (?:quiero (?:recibir )?)?(?:(?:más|mas) )?(?:ofertas|promociones|promos)"
    r"(?: (?:por favor|porfa|gracias))*"
)


def _offers_or_this_number_stopped(body: str, joined: str) -> bool:
    """Whether the reply (its quoted offer and signature set aside) is "No more offers" (``_NO_MORE_OFFERS``) or says
    "Remove this number" plainly (``_REMOVES_THIS_NUMBER``): never asked ("?"), never beside a yes."""
    if "?" in body or "¿" in body:
        return False
    if _NO_MORE_OFFERS.fullmatch(joined):
        return True
    if _NOT_THIS_NUMBER.search(_beside_this_number(body)) or _says_a_yes(joined, agreeing=False) or _YES_IN_OTHER_WORDS.search(joined):
        return False
    return any(_REMOVES_THIS_NUMBER.fullmatch(_reply_words(piece)[1]) for piece in re.split(r"[.!,;\n]+", body))


def _beside_this_number(body: str) -> str:
    """A reply's words as ``_NOT_THIS_NUMBER`` reads them: a sentence that only says someone died or that the number
    is not hers set aside ("My mom passed away, please remove this number", "This is not her phone anymore, please
    remove this number": her "my" or "her" is no other number, rev33g G3), and the "can you" that asks for it ("Can
    you please remove this number")."""
    kept = (words for words in (_reply_words(piece)[1] for piece in re.split(r"[.!,;\n]+", body))
            if not (_A_DEATH.fullmatch(words) or _NOT_HER.search(words) and not _REACH_HER.search(words)))
    return _CAN_YOU_REMOVE.sub(" ", " ".join(kept))


#: An opt-out put off until after this offer, said after the phrase ("stop texting me after this", "unsubscribe me after
#: this one", "remove me from the list afterwards") or before it ("after this please stop texting me", "and then
#: stop texting me"): beside a yes, the yes is to this offer (probe47b: "yes, stop texting me after this" was read as
#: no opt-out at all, "Yes! Please unsubscribe me after this one" as a STOP declining her offer). Not "after 5pm".
_AFTER_THIS_AFTER = re.compile(
    r"(?: (?:me|us))?(?: (?:from|off) (?:the|your|this|ur) list)?(?: please)?"
    r" (?:after (?:this|that|it|today)(?: one| time| offer| booking| appointment| visit)?|afterwards?|after)(?: please)?$"
)
#: A bare STOP put off until after this offer, ending the reply: "Yes but then stop", "yes, and then stop please".
_THEN_STOP = re.compile(r"\bthen (?:please |pls |plz )?stop(?: please| pls| plz)?$")
_AFTER_THIS_BEFORE = re.compile(r"\b(?:after (?:this|that)(?: one)?|afterwards?|then)(?: please| pls| plz)? $")
_PHRASE_CLOSES = re.compile(r"(?: (?:me|us))?(?: (?:please|pls|plz|thanks|thank you|thx|ty))*$")


def _for_after_this(opt_out: re.Match[str]) -> bool:
    """Whether an opt-out phrase (``_opt_out_said``) is put off until after this offer (``_AFTER_THIS_AFTER``,
    ``_AFTER_THIS_BEFORE``)."""
    return bool(_AFTER_THIS_AFTER.match(opt_out.string, opt_out.end())
                or _AFTER_THIS_BEFORE.search(opt_out.string[: opt_out.start()])
                and _PHRASE_CLOSES.match(opt_out.string, opt_out.end()))


def _unnegated(said: str) -> bool:
    """Whether a reply's words say no negation beside its yes (``_NOT_TAKEN``; an opt-out phrase set aside): "Yes I
    got it but I can't make it, stop texting me after this" is no yes to this offer (rev49b)."""
    return not _NOT_TAKEN & set(_STOP_PHRASES.sub(" ", said).split())


def _opt_out_said(body: str, joined: str) -> re.Match[str] | None:
    """The opt-out phrase (``_STOP_PHRASES``) the reply says, not asked NOT to happen (``_NOT_STOPPING``, read on the
    reply as typed, punctuation and all), nor coming off the waitlist alone (``_OFF_THE_WAITLIST``)."""
    if not _STOP_PHRASES.search(joined):
        return None
    _, said = _reply_words(_SPAM_ASKED.sub(" ", _NOT_STOPPING.sub(" ", _typed(body))))
    if "?" in body:
        said = _NONE_LEFT.sub(" ", said)  # "No more texts left?": asking what is left (s34)
    return _STOP_PHRASES.search(_OFF_THE_WAITLIST.sub(" ", said))


#: The apostrophes a phone may type ("don’t", "don‘t", "don´t", "don`t", "donʼt", "don′t"): each read as "'" (rev31a:
#: "Don´t stop texting me" was not read as "don't stop").
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u00b4`\u02bc\u2032", "'"))


def _typed(body: str) -> str:
    """A reply in lower case with its apostrophes as "'"."""
    return body.lower().translate(_APOSTROPHES)


def _reply_words(body: str) -> tuple[list[str], str]:
    """A reply's words as ``classify_reply`` reads them (lower case, punctuation dropped, "Yesss" as "yes"), and
    them joined by single spaces."""
    text = _typed(body)
    words = [_one_word(word) for word in re.sub(r"[^\w\s']", " ", text).split()]
    return words, " ".join(words)


def _one_word(word: str) -> str:
    """A reply's word drawn out ("yesss", "siii", "okk") as its one word."""
    if _DRAWN_OUT_YES.fullmatch(word):
        return "yes"
    return next((said for drawn, said in _DRAWN_OUT if drawn.fullmatch(word)), word)


def says_a_few_minutes_late(body: str) -> bool:
    """Whether a reply says the guest may be a few minutes late ("Yes - running 5 min late"): a YES all the same
    (``classify_reply``), which the manager and the therapist are told."""
    return bool(_A_FEW_MINUTES_LATE.search(_reply_words(_QUOTED.sub(" ", body))[1]))


def _offered_time(offered: datetime) -> re.Pattern[str]:
    """The offered slot's clock time as a guest may echo it, in the location's zone (``offered`` is given in it):
    with its minutes or am/pm anywhere ("11:00", "11am", "11:00 am", "noon" at 12:00), a bare hour only after "at" /
    "@" or before "works" ("at 11", "11 works"). Never beside "/", "-", "+" or another number ("12/12" is a date,
    "1+1" and "2 of us" are people)."""
    hour, minutes = offered.hour % 12 or 12, f"{offered.minute:02d}"
    meridiem = r"\s?(?:a\.?\s?m\.?|am)" if offered.hour < 12 else r"\s?(?:p\.?\s?m\.?|pm)"
    exact = rf"{hour}:{minutes}(?:{meridiem})?|{hour}{meridiem}" if offered.minute == 0 else rf"{hour}:{minutes}(?:{meridiem})?"
    bare = rf"(?:\b(?:at|@)\s*(?:the\s+)?{hour}|@\s*{hour}|{hour}(?=\s+works\b))" if offered.minute == 0 else "(?!)"
    noon = r"|\bnoon\b" if (offered.hour, offered.minute) == (12, 0) else ""
    return re.compile(
        rf"(?:\b(?:at|for)\s+(?:the\s+)?|@\s*)?(?<![\w:./+-])(?:{exact})(?![\w:/+-]|\.\d)|{bare}(?![\w:/+-]|\.\d){noon}",
        re.IGNORECASE,
    )


#: What is left of "See you at 11:00!", "Great, see you at 11am then" once the offer's own time is set aside: a yes.
_SEE_YOU_AT_ITS_TIME = re.compile(
    r"(?:(?:great|perfect|awesome|lovely|thanks|thank you|thx|ok|okay|oh|then)\s)*(?:ok |okay )?see (?:you|u|ya)"
    r"(?: then| there| soon)?(?: (?:thanks|thank you|thx))?"
)
#: A stop sign alone ("🛑", "🛑🛑", "🛑 please"): an opt-out.
_STOP_SIGN = re.compile("\U0001F6D1")
#: A reply that opens with a firm keyword said as a sentence of its own, and goes on with a reason for it: "Stop. I
#: moved away", "STOP! Wrong person", "Unsubscribe. Thanks" (rev32). Only the reasons ``_A_REASON`` lists count: any
#: other words after the "Stop." may take it back or say something else ("Stop. Save it for me", "Stop! I'm coming",
#: "Stop. Call me", "Stop. Nevermind", "Stop!! Omg I've been waiting for weeks": rev32c H1), and go to a person.
_OPENING_SENTENCE = re.compile(r"\s*([^.!\n]+)[.!\n]+(.*)", re.S)
_A_REASON = re.compile(
    r"(?:(?:i'm |im |i am |we're |we are )?(?:not|no longer) interested(?: anymore| any more)?"
    r"|(?:(?:you have|you've got|you got|this is|that's|thats|it's|its) )?(?:the |a )?wrong (?:number|person|phone|#|guy|girl)"
    r"|(?:(?:i|we)(?: have|'ve)? )?moved(?: away| out(?: of (?:state|town|the area|the country))?)?"
    r"|(?:i |we )?(?:don't|dont|do not) live (?:here|there|in (?:the area|town))(?: anymore| any more)?"
    r"|(?:i |we )?(?:no longer|don't|dont|do not) (?:need|want) (?:it|this|these|them|that|those)?(?: anymore| any more)?"
    r"|(?:i |we )?(?:never|didn't|didnt|did not) (?:signed?|sign) up(?: for (?:this|these|that|it|them))?"
    r"|(?:i'm |im |i am )?(?:not|no longer) a (?:client|customer)(?: anymore| any more)?"
    r"|too many (?:texts|messages|msgs|txts)|n[úu]mero (?:equivocado|errado)|no me interesa|mauvais num[ée]ro"
    r"|n[ãa]o tenho interesse)"
)
#: What may stand around those reasons, and alone after the keyword: politeness ("Stop. Thanks", "Unsubscribe.
#: Gracias") and the few words that join them ("Stop. Wrong number, sorry" is not one: "sorry" may take it back).
_REASON_FILLER = frozenset({"please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "gracias", "merci", "obrigada",
                            "obrigado", "por", "favor", "svp", "and", "now", "asap", "immediately"})


def _stop_then_a_reason(body: str) -> bool:
    """Whether the reply is a firm opt-out keyword as its first sentence (``_OPENING_SENTENCE``), then only a reason
    for it (``_A_REASON``) and politeness."""
    opened = _OPENING_SENTENCE.fullmatch(body)
    if opened is None or "?" in opened[2] or "¿" in opened[2] or _ANY_EMOJI.search(opened[2]):
        return False
    head = set(_reply_words(opened[1])[0]) - _STOP_POLITENESS
    words, rest = _reply_words(opened[2])
    if not (head and head <= _STOP_FIRM and words) or _NOT_STOPPING.search(_typed(opened[2])):
        return False
    return not set(_A_REASON.sub(" ", rest).split()) - _REASON_FILLER


#: A reply that ends on a firm keyword said as a sentence of its own, after something else: "I can't come. Stop".
_CLOSING_SENTENCE = re.compile(r"(.*?[^\s.!,;])[\s.!,;]*[.!,;\n][\s.!,;]*([^.!,;\n]+?)[\s.!]*", re.S)


def _politeness_left_off(words: list[str]) -> list[str]:
    """A reply's words without the politeness they end on ("… STOP please", "… stop thx")."""
    said = list(words)
    while said and said[-1] in _STOP_POLITENESS:
        said.pop()
    if said[-2:] == ["stop", "all"]:  # the carriers' "STOPALL" (``_STOP_ALL``)
        said[-2:] = ["stopall"]
    return said


def _stop_at_the_end(words: list[str]) -> bool:
    """Whether a reply's words end on a firm opt-out keyword, politeness after it aside ("… STOP please", "… stop
    thx"), not asked not to happen ("… no need to stop", "… don't stop": rev34i M5)."""
    said = _politeness_left_off(words)
    return bool(said) and said[-1] in _STOP_FIRM and not (len(said) > 1 and said[-2] in _STOP_NEGATED)


def _before_the_stop(words: list[str]) -> list[str]:
    """A reply's words before the firm keyword it ends on (``_stop_at_the_end``) and the politeness after it."""
    return _politeness_left_off(words)[:-1]


#: The words before a stop keyword that ask it not to happen: "no need to stop", "don't stop", "never stop".
_STOP_NEGATED = frozenset({"to", "don't", "dont", "not", "never", "no", "needn't", "t"})
#: The words before a closing stop keyword that say it cannot happen ("I can't stop", "won't stop"): no opt-out.
_STOP_CANNOT = frozenset({"can't", "cant", "cannot", "won't", "wont", "couldn't", "couldnt", "didn't", "didnt"})
#: s38: the words right before a closing stop keyword typed in lower case (no stop or comma between) that make it a
#: word of their sentence, not the keyword: a determiner or a word that names which stop ("a quick stop", "the bus
#: stop", "my favourite pit stop", "my first stop", "1 stop"), whatever "no" stands before it. Those were opt-outs after
#: a "no" ("No rush, I can make a quick stop", "No thanks, I'm at the bus stop": rev37c): she was never texted again.
#: Not "this" or "that" ("No thanks, make this stop", "When will this stop"), "more" but in "one more stop" ("No more
#: stop"), "non" or "full" ("you text me non stop"): those are hers (rev38d H1); nor "before", "after", "for", "of",
#: "from", "by", "her", "his", "final" ("No thanks, I said it before stop", "No thanks, for her stop", "No thanks. Final
#: stop": her opt-out said again, rev38i H1).
_STOP_NAMED = frozenset({
    "a", "an", "the", "my", "your", "ur", "our", "their", "its", "one", "another", "every", "each",
    "next", "last", "first", "second", "other", "quick", "short", "brief", "bus", "tram", "train", "subway",
    "metro", "truck", "rest", "pit", "photo", "at", "near",
})
#: A number names which stop only after one of these or a mark ("heading over now, 1 stop", "just 1 stop"); not "I
#: asked u 2 stop", "press 2 stop" (rev38i H1).
_STOP_COUNTED_AFTER = frozenset({"just", "only", "about", "another", "after", "within"})
#: "her", "his" name which stop only after one of these ("I'm getting off at her stop": a NO, rev38k K2); not "No
#: thanks, for her stop" (hers), nor "its her stop", read as "it's her stop" is (rev39a L2).
_STOP_NAMED_AFTER = frozenset({"her", "his"})
_STOP_NAMING_BEFORE = frozenset({"at", "to", "the", "my", "her", "his", "our", "your", "their"})
#: s39: a ride in the clause of the stop word a reply ends on (``_riding_to_the_stop``) makes "off her stop", "at this
#: stop", "in 1 stop", "in like 1 stop" name which stop ("No thanks, I'm getting off her stop", "No thanks, I get off the
#: bus in 1 stop": rev39a M1, her opt-out was recorded from the bus): a word of a vehicle a few words before, or a
#: getting off or out (``_GETTING``) with only words naming the stop after it (``_RIDE_TAIL``: "gotta get off at this
#: stop", "hopping off at this stop", "getting out in 1 stop"), or "off at", "home in" so; not everyday words ("at",
#: "get", "got", "home": "No thanks get lost my final stop", "Not interested get off my case my final stop",
#: "Not interested at all I would like 2 stop" are hers: rev39g M3), nor "out" alone ("I want out, final stop").
_RIDING = frozenset({"bus", "train", "tram", "subway", "metro"})
_GETTING = frozenset({"get", "gets", "getting", "gettin", "got", "hop", "hops", "hopping", "hopped"})
_RIDE_TAIL = frozenset({
    "at", "in", "like", "the", "this", "her", "his", "my", "our", "final", "last", "next", "one", "two", "a", "few",
    "couple", "of", "bus", "train", "tram", "subway", "metro", "just", "about", "only",
})
#: ... never after someone or her number taken off or out ("Not interested, get me off her stop", "take me off in 1
#: stop", "No thanks take my number off at this stop": hers).
_TAKEN_OFF = frozenset({"me", "us", "it", "them", "number", "#"})
#: The words before "the/my final stop" that make it a stop on a route ("almost at my final stop", "heading to the
#: final stop", "I live by the final stop", "till the final stop": rev39g M2, a NO made her permanent opt-out).
_TOWARDS = frozenset({
    "at", "to", "till", "until", "towards", "toward", "near", "by", "past", "passed", "from",
})
#: "final" names which stop only after "the" or "my", "our"…: after "the" in "this is the final stop" or a ride
#: ("I'm getting off at the final stop", "No thanks, I'm at my final stop"); not "No. The final stop", "No thanks, make
#: this the final stop", "No thanks, it's my final stop", "No thanks. Final stop": her opt-out, the side a missed STOP
#: cannot be on (rev38m L1, rev39a L1).
_FINAL_AFTER = frozenset({"the", "my", "our", "your", "her", "his", "their"})
#: ... or a word of who will stop or quit and when ("Great, no rush, I'll quit", "once the snow will stop", "the good
#: news just doesn't stop"), only where the reply declines nothing ("no rush" aside) and not after whom she asks it of
#: ("No thanks, I'll quit", "Not interested, you gotta stop", "No thanks, I wish you would stop", "When will this stop"
#: are hers: rev38d H1). Not "can", "should" or "must" ("No thanks, you can stop" asks it), nor a bare "I" ("I quit" is
#: hers), nor "and" ("No thanks and stop").
_STOP_WHO_WILL = frozenset({
    "i'll", "ill", "i'd", "we'll", "we'd", "will", "would", "gonna", "wanna", "gotta", "doesn't", "doesnt", "does",
    "isn't", "isnt", "when", "once", "until", "till",
})
#: ... whom a reply asks to stop ("you gotta stop", "this will stop", "make it stop"): the keyword hers.
_STOP_ASKED_OF = frozenset({"you", "u", "y'all", "yall", "ya", "this", "that", "it", "these", "they", "make", "let"})
#: A reply's words and marks as typed, for ``_stop_in_its_sentence``.
_TYPED_TOKEN = re.compile(r"[\w'\u2019]+|[^\w\s]|\n")


def _closing_tokens(body: str) -> list[str]:
    """A reply's words and marks as typed (``_TYPED_TOKEN``), words in quotes aside, without the marks and politeness
    it ends on."""
    tokens = _TYPED_TOKEN.findall(_IN_QUOTES.sub(" ", body))
    while tokens and (not re.match(r"\w", tokens[-1]) or _one_word(_typed(tokens[-1])) in _STOP_POLITENESS):
        tokens.pop()
    return tokens


def _stop_right_after_no_rush(body: str) -> bool:
    """Whether the firm keyword a reply ends on (politeness and marks after it aside) is typed right after "no rush" or
    "no hurry", with no mark between ("Ok no rush stop": s39, it went to a person and her opt-out was lost; "No rush, I
    can make a quick stop" is none)."""
    tokens = _closing_tokens(body)
    return bool(tokens) and _one_word(_typed(tokens[-1])) in _STOP_FIRM and re.search(
        r"\bno (?:rush|hurry)(?: at all| whatsoever)?\Z", " ".join(_typed(token) for token in tokens[:-1])) is not None


def _riding_to_the_stop(tokens: list[str]) -> bool:
    """Whether, in the clause of the stop word a reply ends on (its ``_closing_tokens``), she rides: a vehicle
    (``_RIDING``) among the five words before the two words right before it ("I get off the bus in 1 stop"), or a
    getting off or out (``_GETTING``: "I'm getting off her stop", "gotta get off at this stop") or an "off at", "off
    in", with only words naming the stop after it (``_RIDE_TAIL``); and no one, nor her number, is taken off or out in
    that clause ("get me off her stop", "take my number off at this stop")."""
    clause: list[str] = []
    for token in reversed(tokens[:-1]):
        if not re.match(r"\w", token) and token != "#":
            break
        clause.insert(0, _typed(token))
    if any(taken in _TAKEN_OFF and off in {"off", "out"} for taken, off in zip(clause, clause[1:], strict=False)):
        return False
    if _RIDING & set(clause[-7:-2]):
        return True
    for at, word in enumerate(clause[:-1]):
        off, tail = clause[at + 1], clause[at + 2:]
        if word in _GETTING and off in {"off", "of", "out"} or word in {"off", "home"} and off in {"at", "in"}:
            if all(w in _RIDE_TAIL or w.isdigit() for w in tail):
                return True
    return False


def _stop_in_its_sentence(body: str) -> bool:
    """Whether the firm keyword a reply ends on (politeness and marks after it aside) is typed in lower case right
    after a word that makes it a word of the sentence: naming which stop (``_STOP_NAMED``: "I can make a quick stop",
    "No thanks, I'm at the bus stop"), or who will stop or quit (``_STOP_WHO_WILL``: "Great, no rush, I'll quit") in a
    reply that declines nothing; not "No thanks, stop", "No thanks, I'll quit", "No thanks, make this stop", "Great,
    no rush stop", "I'm not Maria stop", "STOP" in capitals."""
    tokens = _closing_tokens(body)
    if len(tokens) < 2 or tokens[-1].isupper() or _one_word(_typed(tokens[-1])) not in _STOP_FIRM:
        return False
    before = _typed(tokens[-2])
    earlier = _typed(tokens[-3]) if len(tokens) > 2 else ""
    if before in _STOP_NAMED or before == "more" and earlier in {"one", "1", "few", "two", "couple"}:
        return True  # "a quick stop", "one more stop"
    riding = _riding_to_the_stop(tokens)
    if before in _STOP_NAMED_AFTER and (earlier in _STOP_NAMING_BEFORE or earlier == "off" and riding):
        return True  # "at her stop", "to his stop", "I'm getting off her stop" (not "get me off her stop")
    if before == "this" and earlier == "at" and riding:
        return True  # "getting off at this stop" (not "make this stop")
    if before == "final" and earlier in _FINAL_AFTER:
        # "at the final stop", "this is the final stop", "almost at my final stop" (not "it's my final stop", "No.
        # The final stop", "make this the final stop")
        # (s39: "heading to the final stop", "I live by the final stop": rev39g M2)
        ahead = _typed(tokens[-4]) if len(tokens) > 3 else ""
        return riding or ahead in _TOWARDS or earlier == "the" and ahead == "is"
    if before.isdigit():  # "heading over now, 1 stop", "just 1 stop", "I get off in 1 stop", "I get off the bus in
        # like 1 stop"; not "Text 2 stop", "I asked u 2 stop", "No. In 2 stop", "reply in 1 stop"
        return len(tokens) > 2 and (not re.match(r"\w", tokens[-3]) or earlier in _STOP_COUNTED_AFTER
                                    or (earlier in {"in", "at"} or earlier == "like" and len(tokens) > 3
                                        and _typed(tokens[-4]) in {"in", "at"}) and riding)
    if before not in _STOP_WHO_WILL or earlier in _STOP_ASKED_OF:
        return False
    words, joined = _reply_words(_EAGER_PHRASES.sub(" ", _NO_RUSH.sub(" ", _typed(body))))
    return not (_NO_CORE & set(words) or {"never", "nothing"} & set(words) or any(
        phrase in joined for phrase in _NO_PHRASES))


#: Words before a closing STOP that want the texts gone ("Go away STOP", "Enough STOP", "Reported as spam STOP",
#: "Why do you keep texting STOP", "Deceased STOP"): a STOP (rev35h M1: with no decline word they went to a person);
#: s36: so too after an "ok", with politeness after, or asked ("Ok enough STOP", "Go away please STOP", "Why do you
#: keep texting me? STOP": they went to a person)
_LEAVE_ME_BE = re.compile(
    r"^(?:(?:please|pls|omg|seriously|ok|okay) )*(?:(?:just )?(?:go away|leave me alone|(?:f|f\w*k\w*|piss) off)|enough(?: already| is enough)?|spam|this is spam"
    r"|reported(?: as spam)?|(?:i'm |im |i am )?reporting(?: this| you)?(?: as spam)?|unsubscribe"
    r"|why (?:do|are) you (?:keep )?(?:texting|messaging|contacting)(?: me)?|(?:she|he|they)?(?: is| are)? ?deceased"
    r"|(?:she|he)(?:'s| is) dead)(?: (?:please|pls|plz|now|already|thanks|thank you|thx|ty))*$"
)


#: The words after which a "no" right before a closing stop is the reply's no ("Gracias pero no STOP").
_NO_AFTER = frozenset({"but", "pero", "mais", "thanks", "thank", "you", "thx", "ty", "gracias", "merci"})


def _said_before_a_closing_stop(body: str) -> str | None:
    """The words (``_reply_words``) a reply says before the firm opt-out keyword it ends on, with no space or stop
    between them ("Thanks but no thanks STOP"), or None: when it ends on none, on one in quotes ('I won't text "STOP"'),
    one asked not to happen or said not to ("no need to stop", "I can't stop"), after a question ("Too early? STOP" is
    for ``stop_said_apart``) but one wanting the texts gone (``_LEAVE_ME_BE``: "Why do you keep texting me? STOP"), or
    beside a yes ("Yes I'll take it STOP": a person reads which she means; not the "ok" of "Ok enough STOP" nor of
    "I'm ok thanks STOP", s36)."""
    asked = "?" in body or "¿" in body
    if asked and not _stop_at_the_end(_reply_words(re.split(r"[?¿]", body)[-1])[0]):
        return None  # "Stop?", "Why do you keep texting me? Stop?": the STOP asked
    said = _reply_words(_IN_QUOTES.sub(" ", body))[0]
    before = _before_the_stop(said)
    # a "no" said after thanks or a "but" is her no, not "no stop" ("Gracias pero no STOP", "Thanks but no STOP")
    if not _stop_at_the_end(said) and not (len(before) > 1 and before[-1] == "no" and before[-2] in _NO_AFTER
                                           and _stop_at_the_end([*before[:-1], said[len(before)]])):
        return None
    if not before or before[-1] in _STOP_CANNOT or _stop_in_its_sentence(body):
        return None  # "I can't stop"; "No rush, I can make a quick stop", "No thanks, I'm at the bus stop" (s38)
    joined = " ".join(before)
    if _LEAVE_ME_BE.search(joined):
        return joined
    if asked or _says_a_yes(_NOT_NEEDED.sub(" ", joined)) or _YES_IN_OTHER_WORDS.search(joined):
        return None
    return joined


def _stop_said_before_a_named_stop(body: str) -> bool:
    """Whether a reply ending on a stop word of its sentence (``_stop_in_its_sentence``: "this is the final stop")
    says, in a clause before it, a firm keyword after a decline, an opt-out of its own ("No thanks stop, this is the
    final stop", "No thanks, I said stop, this is the final stop": rev39a L1, read as a NO, her opt-out lost), or "no
    stop" as a clause ("No STOP, getting off at this stop": rev39g M3); not "No thanks, I'm at the bus stop, this is
    the final stop", nor one asked ("Can you stop? I'm at the bus stop")."""
    if not _stop_in_its_sentence(body):
        return False
    pieces = re.split(r"([.!?¡¿,;\n]+)", _IN_QUOTES.sub(" ", body))
    said_last = max(at for at in range(0, len(pieces), 2) if _reply_words(pieces[at])[0])  # the stop's own clause
    for end in range(1, said_last, 2):
        said = "".join(pieces[:end + 1])
        if "?" in said or "¿" in said:
            return False
        words = _reply_words(said)[0]
        if _stop_at_the_end(words) and classify_reply(" ".join(_before_the_stop(words))) == "no" and classify_reply(
                said) == "stop":
            return True
        if _politeness_left_off(_reply_words(pieces[end - 1])[0])[-2:] == ["no", "stop"] and classify_reply(
                said) == "stop":
            return True  # s39: "No STOP, getting off at this stop", "No stop, I'm getting off her stop" (rev39g M3)
    return False


def _not_an_answer(said: str) -> bool:
    """Whether a reply's words (``_reply_words``) only chase the spa's answer or say there is no rush (``_CHASER``,
    ``_NO_RUSH_ALONE``): no decline, but a STOP after them is an opt-out all the same ("No reply yet STOP", "No rush.
    STOP", s37)."""
    return bool(_CHASER.fullmatch(said) or _NO_RUSH_ALONE.fullmatch(said))


def _chasing(body: str) -> bool:
    """Whether a reply is a guest chasing her answer (``_CHASER``), as a sentence of its own asked or said with "yet",
    "still" or "back", a greeting before it and politeness after it aside, maybe with questions after that hold no no
    and no opt-out keyword ("No answer yet? Did I get the slot?"): not a decline (s37)."""
    pieces = re.split(r"([.!?¿,;\n]+)", body)
    sentences = [(_reply_words(text), end) for text, end in zip(pieces[::2], [*pieces[1::2], ""], strict=True)]
    sentences = [(said, end) for said, end in sentences if said[0]]
    while sentences and _CHASER_LEAD.fullmatch(sentences[0][0][1] + " "):
        sentences.pop(0)  # "Hello?", "Still waiting,"
    if not sentences:
        return False
    (words, said), end = sentences[0]
    if not _CHASER.fullmatch(said) or not ("?" in end or {"yet", "still", "back"} & set(words)):
        return False
    for (words, said), end in sentences[1:]:
        if set(words) <= _CHASER_BESIDE:
            continue  # "Thanks"
        if "?" not in end or _NO_CORE & set(words) or any(phrase in said for phrase in _NO_PHRASES) or (
                set(words) & (_STOP_KEYWORDS | {"stop"})):
            return False  # "No answer yet? I'm not coming", "No answer yet? STOP"
    return True


#: What may stand beside "no rush" before a closing stop keyword typed in lower case, or a STOP said as a sentence of
#: its own, for the keyword to be an opt-out (``_glad_no_rush``: "Great, no rush stop", "Absolutely no rush. STOP"):
#: glad words, agreement, politeness.
_NO_RUSH_LEAD = _GLAD_YES | _WEAK_YES | _YES_SPELLED_LOOSELY | _CHASER_BESIDE | _STOP_POLITENESS | {
    "perfect", "fab", "brilliant", "nice", "cool", "vale", "maybe", "oh", "ah", "sounds", "absolutely", "definitely",
    "of", "course", "fine", "all", "good", "honestly", "haha", "lol", "so", "sorry", "np", "take", "your", "time",
    "whatsoever", "on", "my", "end", "side", "from", "me", "here", "whenever"}


def _glad_no_rush(said: str) -> bool:
    """Whether a reply's words (``_reply_words``) say "no rush" with only ``_NO_RUSH_LEAD`` words beside it."""
    return _NO_RUSH.search(said) is not None and not set(_NO_RUSH.sub(" ", said).split()) - _NO_RUSH_LEAD


def _yes_beside_no_rush(body: str, offered: datetime | None) -> bool:
    """Whether a reply saying "no rush" or "no hurry" (``_NO_RUSH``) is a YES without those words ("No rush, yes
    please", "I'll take it, no hurry", "Great, no rush"): for a person, never a YES of itself (s37; rev37a H2: with the
    words set aside, "I'm in no hurry" and "Absolutely no rush" read as a YES and would have booked the slot), and never
    the NO its "no" made it (the slot moved on from a guest who wanted it)."""
    return bool(_NO_RUSH.search(body)) and classify_reply(_NO_RUSH.sub(" ", body), offered=offered) == "yes"


#: s38: the plain yes that books beside a "no rush" said apart (``_no_rush_said_apart``): "Yes please, no rush", "I'll
#: take it, no hurry", "Count me in, no rush", "Book it! No rush", "Yes! No hurry" (rev37c L1: a person was asked to
#: follow up a plain yes, and the slot waited). Not a weak or loose yes ("Ok, no rush", "Sure, no rush"), a glad word
#: ("Great, no rush", "Perfect, no rush", "Sounds good, no rush") nor the idioms "absolutely", "definitely", "of
#: course", "I'm in" (rev37a H2: "Absolutely no rush", "I'm in no hurry"): those a person reads.
_PLAIN_YES = frozenset({"yes", "y", "yep", "yeah", "yea", "yup", "sí", "si", "oui", "sim", "claro", "confirmed"})
_PLAIN_YES_PHRASES = re.compile(r"\b(?:(?:i'll|ill|i will) take it|count (?:me|us) in|book (?:me|it|us)|(?:i|we) want it)\b")
#: Where a reply's clauses end, for ``_no_rush_said_apart``: a stop, a comma, a dash, a line.
_CLAUSE_END = re.compile(r"[.!,;\n]+|\s[-\u2013\u2014]+\s")


def _no_rush_said_apart(body: str) -> bool:
    """Whether a reply (read as YES with "no rush" set aside: ``_yes_beside_no_rush``) says "no rush" or "no hurry" as a
    clause of its own, with only politeness beside it (``_NO_RUSH_ALONE``: "no rush", "No hurry at all 😊", "no rush
    thanks"), and a plain yes (``_PLAIN_YES``, ``_PLAIN_YES_PHRASES``, a taking of the slot) in another clause: "Yes
    please, no rush" books. "YES no hurry", "Yes please, I'm in no hurry", "Absolutely, no rush" stay a person's. Only
    her own words: the offer quoted back ("> … Reply YES to claim"), a signature and the provider's footer set aside,
    or the offer's "yes" was taken for hers ("Of course, no rush⏎> … Reply YES to claim" booked: rev38d M1)."""
    body = _PROVIDER_FOOTER.sub(" ", _SIGNATURE.sub(" ", _QUOTED.sub(" ", body)))
    clauses = [_reply_words(clause)[1] for clause in _CLAUSE_END.split(body)]
    clauses = [said for said in clauses if said]
    rushed = [said for said in clauses if _NO_RUSH.search(said)]
    if not rushed or not all(_NO_RUSH_ALONE.fullmatch(said) for said in rushed):
        return False
    return any(_PLAIN_YES & set(said.split()) or _PLAIN_YES_PHRASES.search(said) or _TAKES_THE_SLOT.search(said)
               for said in clauses if said not in rushed)


def _closing_keyword_in_capitals(body: str) -> bool:
    """Whether the firm opt-out keyword a reply ends on (politeness after it aside) is typed in capitals ("… STOP")."""
    typed = re.findall(r"[^\W\d_][\w']*", _IN_QUOTES.sub(" ", body))
    while typed and _one_word(typed[-1].lower()) in _STOP_POLITENESS:
        typed.pop()
    return bool(typed) and typed[-1].isupper() and _one_word(typed[-1].lower()) in _STOP_FIRM


def _no_then_stop(body: str) -> bool:
    """Whether the reply is a NO (``classify_reply``), then a firm opt-out keyword as its last sentence
    (``_CLOSING_SENTENCE``): "I can't come. Stop", "I'm busy. Stop": it declines and opts out."""
    closed = _CLOSING_SENTENCE.fullmatch(body)
    if closed is None:
        return False
    tail = set(_reply_words(closed[2])[0]) - _STOP_POLITENESS
    # s34: or the wrong person ("She no longer lives here. Stop"), which is no NO of hers but declines all the same;
    # s35: or her death ("He passed away. STOP")
    # s37: or a chaser or a "no rush" with only glad words and politeness beside ("No answer yet. STOP", "Absolutely
    # no rush. STOP": rev37j H1, a NO before the session and then a person's, the STOP lost; not "I'll take it, no
    # rush. STOP", a yes a person reads: rev37k), no decline but no less hers
    said = _reply_words(closed[1])[1]
    # s38: "I'm in no rush. Stop" as "No rush. Stop" (rev37k L1: for a person, her opt-out lost); not "I'm in, no rush"
    unrushed = _reply_words(_NO_RUSH_SAID.sub(" no rush ", closed[1]))[1]
    return bool(tail) and tail <= _STOP_FIRM and (
        classify_reply(closed[1]) == "no" or _gone(closed[1]) or _not_an_answer(said)
        or _glad_no_rush(unrushed))


def _gone(said: str) -> bool:
    """Whether words before a closing STOP say the text reached someone else (``_NOT_HER``, ``_NOT_HER_NAMED``) or
    only that she died (``_A_DEATH``): no NO of hers, but the STOP after them is one all the same."""
    words = _reply_words(said)[1]
    return bool(_NOT_HER.search(words) or _NOT_HER_NAMED.search(said) or _A_DEATH.fullmatch(words))


#: Words in quotes in a reply ("I won't text "STOP" lol"): quoted, not said (the STOP-on-its-own rules skip them).
_IN_QUOTES = re.compile(r"[\"“][^\"”\n]*[\"”]")
#: Where a reply's sentences end, for ``stop_said_apart``: a stop, a question mark, a comma, a line.
_SENTENCE_END = re.compile(r"[.!?¡¿,;\n]+")
#: ... and, in ``stop_said_apart``, a dash between words ("I'll stop you right there — STOP", "Not me - STOP": s39, no
#: opt-out was recorded), never one inside a word ("Non-stop", "non—stop").
_APART = re.compile(r"([.!?¡¿,;\n]+|[^\S\n]+[-\u2013\u2014]+(?=[^\S\n])|[^\S\n]*[\u2013\u2014]+[^\S\n]+)")
#: s39: a sentence that asks the texts to stop in so many words, with no keyword said alone ("Go away. Make this stop",
#: "No thanks, I asked you to stop", "Your texts won't stop": no opt-out was recorded). Only as a sentence of its own,
#: maybe with "please" before and politeness after, never asked ("Make it stop?"), never beside a yes or a taking of the
#: slot (``stop_said_apart``): "How do I make this stop", "I never asked you to stop", "I can make it stop by",
#: "Don't make this stop", "Your texts won't stop me" are none; nor one beside a joke or followed by delight, a question
#: asking for a slot or a time to book (``_not_about_the_texts``: "Omg my back. Please make it stop! Is 3 still open?",
#: "Your texts never stop! I love it", "I told you to stop! Just kidding, 3pm please": rev39d M2). "Make it stop" only
#: beside politeness, "wrong number", a decline or an opt-out (``_IT_TO_STOP``, ``_IT_TO_STOP_BESIDE``: "Wrong number.
#: Make it stop" is hers, "I have a migraine, make it stop" her pain).
_TEXTS_TO_STOP = re.compile(
    r"(?:(?:please|pls|plz|just|now|so|ok|okay|oh|omg|seriously|and|but) )*"
    r"(?:(?:make|let) (?:the texts|these texts|your texts|the messages|these messages) stop"
    r"|(?:i |i've |ive |i have )?(?:already )?(?:asked|told) (?:you|u|y'all|yall|ya)(?: already| before| twice)?"
    r" (?:to|2) stop"
    r"|(?:i )?(?:already )?said to stop)"
    r"(?: (?:already|please|pls|plz|now|thanks|thank you|thx|ty))*"
)
_IT_TO_STOP = re.compile(
    r"(?:(?:please|pls|plz|just|now|so|ok|okay|oh|omg|seriously) )*(?:make|let) (?:it|that|this|these|them) stop"
    r"(?: (?:already|please|pls|plz|now|thanks|thank you|thx|ty))*"
)
#: What shows a sentence asking something to stop is not about the texts (``stop_said_apart``): a joke or a glad face
#: in it or after it ("I told you to stop! Just kidding", "Your texts never stop 😍"), and after it only: delight ("I
#: love it"), a question asking for a slot or a time ("Is 3 still open?", "Do you have anything at 2?", "What about
#: 5pm?"), a time of day for a booking ("3pm please"). Not any "?", digit or "love" (rev39g H2: "I asked u 2 stop", "I
#: asked you to stop. Why are you still texting me?", "The texts never stop. It's 2am", "I asked you to stop. Love,
#: Jane" lost the opt-out).
_A_JOKE_OR_GLAD = re.compile(
    r"(?i:\b(?:lol|lmao|haha\w*|jk|kidding|joking)\b)"
    r"|[\u2764\u263a\U0001F601\U0001F602\U0001F606\U0001F60A\U0001F60D\U0001F618\U0001F923\U0001F970\U0001F495-\U0001F49F]"
)
_DELIGHT_AFTER = re.compile(
    r"(?i:\b(?:love|loving|luv) (?:it|them|these|this|that|you|u|ur|your)\b(?! if\b)"
    # rev39l M3: "I told you to stop, you guys are spoiling me", "… You're the best"
    r"|\bspoil(?:s|ing|ed)? (?:me|us)\b|\b(?:you|u|you guys|y'all)(?:'re| are| r) (?:the best|amazing|too kind|too good)\b"
    r"|\b(?:you're|youre|ur) (?:the best|amazing|too kind|too good)\b|\bbest (?:spa|part of my day|ever)\b)"
)
#: A day of the week, as spelled in a reply ("sat", "Thurs", "wednes…"); ``_A_DAY`` and ``_DELIGHT_TAKEN_BACK`` add the
#: "day(s)".
_A_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)"
#: s40 (rev40a R1): what takes the delight back, a contrast, a "not" or sarcasm ("I asked you to stop. You're too kind
#: but no", "… You're not the best spa ever", "… You are too good at ignoring me", "… the best at spam"): her opt-out.
_DELIGHT_TAKEN_BACK = re.compile(
    # a contrast, unless about the slot ("…but I can only do Saturday", "…but I'm booked that day": rev40e M1)
    r"(?i:\b(?:but|however|except)\b(?![^.!?\n]*\b(?:only|booked|busy|away|work|free|available|next time|this week"
    r"|" + _A_WEEKDAY + r"(?:days?)?|\d))"
    r"|\b(?:done|moved|ignor\w*|spam\w*|annoy\w*|not again|even read)\b|\b(?:best|good|great|amazing) at\b"
    # more of the texts, scorned ("Yay, more promos", "Is this another promo?"; not "Haha you got me again 😂")
    r"|\b(?:more|another) (?:texts?|txts?|messages?|msgs?|promos?|promotions?|offers?|deals?|sales?|discounts?"
    r"|specials?|ones?)\b(?! i can'?t)"
    r"|\bno\.(?!\s*(?:just kidding|jk|kidding|lol|haha))|[\U0001F644\U0001F612\U0001F611\U0001F92C\U0001F624\U0001F621]"
    # praise said not to hold ("You're not the best spa ever"); not any "no" or "can't" ("Can't wait", "Don't tempt me")
    r"|\b(?:not|never|n't|n’t) (?:the best|amazing|too kind|too good|spoiling)\b|\bnot\W*\Z)"  # "…the best, not"
)
#: The kinds of sale a guest may ask about before "when do these STOP?" (``_ONLY_DELIGHT_OR_A_DEAL_ASKED``): the
#: spa's services, seasons and occasions, a closed list, so "Is the spam sale still on?" stays her opt-out (rev40l H1);
#: the spa's usual services and holidays were missing ("Is the lash special still on?" read as one: rev41a M3).
_SALE_KIND = (
    r"(?:facial|massage|spa|holiday|christmas|xmas|black friday|cyber monday|mother'?s day|valentine'?s(?: day)?"
    r"|winter|summer|spring|fall|autumn|birthday|member|members'?|new client|mani|pedi|nail|body|seasonal|monthly"
    r"|gift card|lash|lashes|brow|brows|wax|waxing|botox|filler|peel|hydrafacial|microneedling|laser|scrub|wrap"
    r"|couples|facials|massages)"
)
#: A happy face, as phones type it (❤️ and ☺️ carry U+FE0F; 🙂, 🤗): the only faces that leave delight or a laugh
#: around "when do these STOP?" unscorned; an eye-roll, an angry or a sour face is scorn (rev40l M1, rev41a H1, M2).
_HAPPY_FACES = (
    "\u2764\u263a\ufe0f\U0001F600-\U0001F60D\U0001F618\U0001F642\U0001F917\U0001F923\U0001F970"
    "\U0001F495-\U0001F49F"
)
#: What alone, before a "when will you STOP?", makes it no opt-out (``stop_said_apart``): delight at the offers or a
#: deal asked about, and nothing else ("Love the specials! When do these STOP?", "Is the sale still on? …", "Wow 20%
#: off? …"); any other word (a count, scorn, a contrast, "NOT!") leaves the opt-out hers (rev40j M2).
_ONLY_DELIGHT_OR_A_DEAL_ASKED = re.compile(
    r"(?i:\s*(?:(?:(?:omg|wow|oh|ooh|aww|haha\w*|lol|so|i|we|really|just|totally|absolutely|honestly)\W+)*"
    r"(?:(?:love|loving|luv) (?:the|your|those|these) (?:specials?|deals?|offers?|sales?|promos?|discounts?)"
    r"(?:,?\s+(?:so much|a lot|lol|haha|tbh|thank you|thanks))?"
    r"|(?:is|are) (?:the|your|this|that) (?:" + _SALE_KIND + r" )?"  # a closed list (rev40l H1, rev41a M3)
    r"(?:sale|deal|special|promo|promotion|discount)s? still"
    r" (?:on|going|running|valid)"
    r"|how long (?:is|does) (?:the|your|this) (?:sale|deal|special|promo|promotion|discount)s? (?:on|last|run|going)"
    r"|\d+\s*% off)"
    r"[\s!.?" + _HAPPY_FACES + r"]*)+)"
)
#: What alone may follow that question for it to be no opt-out: nothing, a laugh, a happy face (not "Please", an
#: eye-roll, an angry face: rev40l M1).
_NOTHING_OR_A_LAUGH = re.compile(
    r"(?i:[\s!?.]*(?:(?:lol|lmao|haha\w*)[\s!?.]*)?"
    r"[\s!?." + _HAPPY_FACES + r"]*)"
)
#: The only question after that delight that it may make no opt-out: "when will you/this/these STOP", naming nothing
#: (not who, why or where; not "these texts": rev40k H1).
_PLAIN_WHEN = re.compile(
    r"(?i:[\s.!?,]*when (?:will|do|does|are|is|r) (?:you|u|this|these|they|y'all)(?: (?:ever|gonna|going to|guys))*\W*)"
)
#: A day or a part of one, as a slot is asked for ("Saturday", "Sat", "evenings", "tonight").
_A_DAY = (
    r"(?:" + _A_WEEKDAY + r"(?:day)?|weekend|weekends (?:open|free|available)"
    r"|mornings?|afternoons?|evenings?|tonight)"  # not "weekends", "Sundays" ("Do y'all have weekends?": rev40g H3)
)
_ASKS_FOR_A_SLOT = re.compile(
    r"(?i:[^.!?\n]*\b(?:\d+(?::\d\d)?(?:\s*(?:am|pm))?|open|available|free|opening|openings|slot|spot|appointment|appt|book"
    r"|booking|anything|(?:have|got) (?:anything|any(?! (?:idea|respect|decency|shame|clue|sense|manners)\b)"
    r"|(?:anyone|anybody|someone) (?:for|free|available|open|" + _A_DAY + r"(?! off))|a (?:spot|slot|time)|an? opening"
    r"|openings|availability|time|room|\d|something (?:for|open|free|available|at|on|later|earlier|sooner|this|next)"
    # s40 (rev40a R2, rev40d H1): a day or a part of one asked for ("I told you to stop! Do you have Saturday?"; not
    # "Why are you texting me on a Sunday?")
    r"|(?:(?:this|next|a|on) )?" + _A_DAY + r"(?! off\b))"
    r"|what about|how about|instead|tomorrow|today|later|earlier)\b[^.!?\n]*\?)"
)
_A_TIME_TO_BOOK = re.compile(
    r"(?i:\b(?:\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.?|p\.m\.?)|at \d{1,2}(?::\d{2})?)\b.*"
    r"\b(?:please|pls|plz|works?|book|instead|ok|okay|then|tomorrow|today|thanks)\b"
    r"|\b(?:please|pls|plz|book|how about|what about|instead|fine|ok|okay)\b.*\b(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|at \d{1,2})\b)",
    re.DOTALL,
)


#: s40 (rev40e H2): a question that asks nothing bookable for all its words ("Do you people have weekends?", "Don't
#: you have Sundays off?", "Do you have anyone who reads these?", "… a weekend crew texting people?").
_ASKS_IN_ANGER = re.compile(
    r"(?i:\byou people\b|\bdon'?t you\b|\btexting people\b|\bwho (?:reads|listens|can read)\b|\beven have\b"
    r"|\b(?:not|n't) have\b|\bread replies\b)"
)


def _not_about_the_texts(sentence: str, rest: str) -> bool:
    """Whether a sentence asking something to stop, with what follows it, is not about the texts
    (``_A_JOKE_OR_GLAD``, ``_DELIGHT_AFTER`` unless ``_DELIGHT_TAKEN_BACK``, ``_ASKS_FOR_A_SLOT`` unless
    ``_ASKS_IN_ANGER``, ``_A_TIME_TO_BOOK``)."""
    return bool((_A_JOKE_OR_GLAD.search(f"{sentence} {rest}") or _DELIGHT_AFTER.search(rest))
                and not _DELIGHT_TAKEN_BACK.search(rest)
                or _ASKS_FOR_A_SLOT.search(rest) and not _ASKS_IN_ANGER.search(rest) or _A_TIME_TO_BOOK.search(rest))


#: s39: her pain, her body or the weather in a reply that asks "this" or "them" to stop, not the texts ("My back is
#: killing me. Please make this stop", "Cramps all day. Make them stop": rev39g M4, a permanent opt-out).
_HER_PAIN = re.compile(
    r"(?i:\b(?:pain|pains|painful|hurts?|hurting|ache|aches|aching|sore|killing me|back|neck|head|headache|migraine"
    r"|cramps?|cramping|period|nausea|sick|itch\w*|rash|burn\w*|bleeding|swelling|heat|rain\w*|pouring|snow\w*|storm"
    r"|weather|cold|hot|humid\w*|noise|construction|baby|kids?)\b)"
)
_MAKE_THIS_STOP = re.compile(r"(?:.* )?(?:make|let) (?:this|these|them) stop\b.*")


#: What may stand as sentences beside "make it/this/them stop" for it to be about the texts ("Wrong number. Make it
#: stop", "Make it stop. Please", "Ugh. Make it stop": rev39g H2), a decline, an opt-out or a death aside; not her pain,
#: the weather or her day ("I have a migraine, make it stop", "It's pouring. Make it stop"; rev39k: "Mondays, make them
#: stop", "Traffic is insane. Make this stop" were a permanent opt-out).
_IT_TO_STOP_BESIDE = frozenset({
    "please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "ugh", "ughh", "seriously", "wrong", "number",
    "enough", "already", "now", "just", "omg", "god", "jeez", "geez", "argh", "ffs", "go", "away", "who", "is", "this",
    # the texts themselves, or why she wants them gone ("Reported as spam, make this stop", "I moved, make this stop")
    "spam", "reported", "as", "harassment", "harassing", "moved", "never", "i", "i'm", "im", "not", "texting", "me",
    "texts", "messages", "has", "to", "end", "stop", "it",
    # a greeting, or who she is not or what she never asked for (rev39l H1: "Hi. Make this stop", "Wrong person. Make
    # this stop", "I don't know you. Make this stop", "I keep getting these texts. Make them stop")
    "hi", "hello", "hey", "person", "don't", "dont", "know", "signed", "up", "for", "keep", "getting", "these", "them",
    "marked", "blocked", "block", "unsubscribe", "sign", "off",
    # s40 (rev40a L4): who is texting, how they got her number ("Who are you? Make this stop", "Um, make this stop",
    # "How did you get my number? Make this stop", "I'm blocking this number. Make this stop")
    "um", "uh", "are", "how", "did", "get", "got", "my", "blocking", "why", "do",
})


#: s39: "I want out" as a sentence of its own (``stop_said_apart``: only beside a firm keyword said on its own, asked or
#: not, or typed in capitals: "I want out. Do a STOP ALL?", "I want off. Stop?"; not "I want out of here! Can I stop by
#: tomorrow instead?", "I want out. I just quit my job": rev39d L1).
_WANTS_OUT = re.compile(
    r"(?:(?:please|pls|just|ok|okay|seriously|honestly) )*(?:i|we) (?:just |really )?want (?:out|off)"
    r"(?: of (?:this|these|here|it|this list|your list|the list|the texts|these texts|your texts))?"
    r"(?: (?:please|pls|now|already|thanks|thank you))*"
)


#: A reply that asks for no more texts and says nothing else (``asks_only_for_no_more_texts``), as words joined by
#: single spaces: a firm keyword or a plain phrase for one, with politeness around it. Not "cancel" or "end": they may
#: be about her booking.
_NO_MORE_TEXTS_ALONE = re.compile(
    r"(?:(?:please|pls|plz|just|ok|okay|now) )*"
    r"(?:(?:stop|stopall|unsubscribe|unsub|quit|optout|revoke)(?: (?:stop|stopall|unsubscribe|unsub|quit|optout))*"
    r"|stop (?:all|it)|opt (?:me )?out|unsub(?:scribe)? me"
    r"|remove (?:me|this number|my number)(?: from (?:your|this|the|ur) (?:mailing |texting |text )?list)?"
    r"|take me off (?:your|this|the|ur) list"
    r"|(?:stop|quit) (?:all )?(?:texting|txting|messaging|contacting|sending|spamming)(?: me)?"
    r"(?: (?:texts|messages|these|those|them|these texts|these messages|this number))?"
    r"|(?:stop|quit) (?:the |these |your )?(?:texts|txts|messages|msgs)|no more (?:texts|txts|messages|msgs|texting)"
    r"|(?:do not|don't|dont) (?:text|txt|message)(?: me| this number)?(?: again| anymore| any more)?)"
    r"(?: (?:please|pls|plz|now|thanks|thank you|thx|ty|asap|already|again|anymore|any more))*"
)
#: What ``asks_only_for_no_more_texts`` sets aside before reading: a phone's "Sent from my …" line only. Not a name
#: signed nor a "--" line and what follows: "STOP⏎- Cancel", "STOP⏎--⏎Cancel" say more (rev41d H1, rev41e H1).
_SENT_FROM = re.compile(r"^[ \t]*sent from my\b.*$", re.IGNORECASE | re.MULTILINE)
#: A no in a mark ("STOP ❌", "Stop 👎"): not a stop sign (🚫, ⛔), which only says stop (rev41d M1, rev41e L3).
_A_NO_MARK = re.compile("[👎❌✖✗✘🙅]")


def asks_only_for_no_more_texts(body: str) -> bool:
    """Whether a reply asks for no more texts and says nothing else ("STOP", "Stop texting me", "OPT OUT", "Stop it
    please", with the offer quoted back or "Sent from my iPhone" under it): it says nothing of her booking, so a YES of hers kept before it
    stands (``replies``). Any other word ("Cancel", "STOP no", "Stop texting me I'm not coming", "STOP. I moved away")
    leaves it to be read as her no, as every STOP was before (rev41a M2, rev41c H1); a name signed under it too ("STOP⏎-
    Jane" declines it: the conservative side, as "STOP⏎- Cancel" must, rev41e H1)."""
    body = _SENT_FROM.sub(" ", _QUOTED.sub(" ", body))
    if _A_NO_MARK.search(body):  # "STOP ❌", "Stop 👎": a no in a mark (rev41d M1)
        return False
    return _NO_MORE_TEXTS_ALONE.fullmatch(_reply_words(body)[1]) is not None


def stop_said_apart(body: str) -> bool:
    """Whether the reply says a firm opt-out keyword as a sentence of its own ("Stop. Save it for me", "Is this spam?
    STOP", "STOP. Wrong number, sorry", "Stop. I'm not in the area anymore"), the offer quoted back and a signature set
    aside: however the rest of it is read (a person's to follow up, a NO), the guest asked for no more texts, and the
    copilot records that (rev32e: such replies lost their opt-out when the rest was not a listed reason)."""
    body = _fold_stop_all(_PROVIDER_FOOTER.sub(" ", _SIGNATURE.sub(" ", _QUOTED.sub(" ", body))))
    # the s33 spellings of yes ("Yeh", "Okey", "Ouais") never cancel the keyword ("Yeh no. Stop", "Okey... STOP")
    agreed = " ".join(word for word in _reply_words(body)[0] if word not in _YES_SPELLED_LOOSELY)
    if _says_a_yes(agreed) or _slot_taken(body):
        return False  # a yes beside a lone "Stop" ("Wait, stop, I mean yes!"): a person reads which she means (rev32g)
    unquoted = _IN_QUOTES.sub(" ", body)
    pieces = _APART.split(unquoted)
    wants_out = keyword_alone = False
    sentences = [(sentence, end) for sentence, end in zip(pieces[::2], [*pieces[1::2], ""], strict=True)
                 if _reply_words(sentence)[0]]
    for at, (sentence, end) in enumerate(sentences):
        words, said = _reply_words(sentence)
        keywords = set(_politeness_left_off(words)) - _STOP_POLITENESS
        if keywords and keywords <= _STOP_FIRM:
            if "?" not in end:  # "Stop? Why would I": asked, not said
                return True
            keyword_alone = True
        rest = "".join(f"{later}{mark}" for later, mark in sentences[at + 1:])
        pain = _MAKE_THIS_STOP.fullmatch(said) is not None and _HER_PAIN.search(
            " ".join(beside for other, (beside, _) in enumerate(sentences) if other != at)) is not None
        if "?" not in end and not pain and not _not_about_the_texts(sentence, rest) and (
                _TEXTS_TO_STOP.fullmatch(said) or _IT_TO_STOP.fullmatch(said) and all(
                    other == at or not set(_reply_words(beside)[0]) - _IT_TO_STOP_BESIDE
                    or classify_reply(beside) in ("no", "stop") or _A_DEATH.fullmatch(_reply_words(beside)[1])
                    for other, (beside, _) in enumerate(sentences))):
            return True  # s39: "Go away. Make this stop", "No thanks, I asked you to stop", "Your texts won't stop"
        wants_out = wants_out or _WANTS_OUT.fullmatch(said) is not None
    # s39: "I want out" as a sentence of its own beside a firm keyword said on its own or in capitals, even one asked
    # about ("I want out. Do a STOP ALL?"): she wants the texts gone; not one asked not to happen ("I want out. Don't
    # stop"), nor a stop or quit of another sense ("Can I stop by tomorrow instead?": rev39d L1)
    if wants_out and (keyword_alone or _FIRM_IN_CAPITALS.search(_NOT_STOPPING.sub(" ", unquoted))):
        return True
    # s38: the carriers' STOP ALL in capitals closing the reply, run into the question before it ("Can I take it STOP
    # ALL?": rev37j M1, no opt-out recorded); not the keyword asked about ("Do I reply STOP ALL?", "Why STOP ALL?")
    if _STOP_ALL_RUN_INTO_A_QUESTION.search(unquoted) is not None:
        return True
    # s39: so too a STOP run into a question asking who texts her ("Who is this STOP?": no opt-out was recorded)
    asked = _STOP_RUN_INTO_A_QUESTION.search(unquoted)
    if asked is None:
        return False
    question = re.split(r"[.!?¡¿\n]+", unquoted[:asked.end(1)])[-1]
    if _ASKS_WHO_TEXTS.fullmatch(question) is None or _TEXTS_STOPPED.fullmatch(question):
        return False
    # s40 (rev40a R3): not beside a joke, delight or a deal asked about ("Ha! When are you gonna STOP?", "Love the
    # specials! When do these STOP?", "Is the sale still on? When do these STOP?")
    # s40 (rev40a R3, rev40d H1, rev40e H2 M3): not beside a deal asked about before it or delight at the offers
    # ("Is the sale still on? When do these STOP?", "Love the specials! …", "Omg you're spoiling me. …"), unless
    # taken back ("Is this another promo?"); a joke or a laugh beside it is no reason to doubt her ("When will you
    # STOP? 😂" records it: when in doubt, the opt-out is recorded and the thread says how to undo it)
    earlier = unquoted[:asked.end(1) - len(question)]
    # (rev40j M2: only when what comes before is nothing but that delight or that ask, any other word keeps it hers;
    # rev40k H1: and only a plain "when will you/this/these STOP?", with no eye-roll after it)
    after = unquoted[asked.end(1):].split("?", 1)[-1]  # what follows the question: nothing, a laugh or a happy face
    return (_ONLY_DELIGHT_OR_A_DEAL_ASKED.fullmatch(earlier) is None or _PLAIN_WHEN.fullmatch(question) is None
            or _NOTHING_OR_A_LAUGH.fullmatch(after) is None)


#: The word before such a keyword that does not name it: not "is it", not "this" or "that" after an opening "is"/"was"
#: ("Is this STOP ALL?"), nor a word of asking about the keyword ("reply", "mean", "do", "a", …).
_NOT_THE_KEYWORD_ASKED = (
    r"(?<![\w'\u2019])(?!(?:(?<=(?i:\bis) )|(?<=(?i:was) ))(?i:it)\b)(?!(?:(?<=^(?i:is) )|(?<=^(?i:was) ))(?i:this|that)\b)(?!(?i:reply|replying|text|txt|texting|send|sending|type|typing|say|saying|write|to|why"
    r"|what|with|just|is|mean|meant|about|or|in|like|respond|responding|answer|answering|back|use|enter|put|do|does"
    r"|explain|means|a|an|the|be)\b)"
)
#: What may close the reply after the "?": marks, thanks, a name signed on a line of its own.
_AFTER_THE_KEYWORD_ASKED = (
    r"(?:[^\w]|(?i:thanks|thank[^\S\n]+you|thx|ty|please|pls|plz)\b)*(?:\n[^\S\n]*[-~\u2013\u2014][^\S\n]*[A-Z][a-z]+\W*)?$"
)
#: "… STOP ALL?" closing a reply, typed in capitals after a word of the question that does not name it (``stop_said_apart``),
#: maybe after a comma ("Can I take it, STOP ALL?") and with thanks or a name signed after it ("Who is this STOP ALL?
#: Thanks", "… STOP ALL?⏎-Maria": rev38d L1); not the keyword asked about ("Do you mean STOP ALL?", "Is it STOP or STOP
#: ALL?", "Do I type in STOP ALL?", "Is this about STOP ALL?", "Is it STOP ALL?": rev38d L1, an opt-out was recorded;
#: "Is this STOP ALL?" (not "Who is this STOP ALL?"), "What does STOP ALL?", "What happens if I respond STOP ALL?", "Should I text back STOP ALL?":
#: rev38i M).
_STOP_ALL_RUN_INTO_A_QUESTION = re.compile(
    rf"{_NOT_THE_KEYWORD_ASKED}[\w'\u2019]+,?[^\S\n]+STOP[^\S\n]*ALL[^\w\n]*\?{_AFTER_THE_KEYWORD_ASKED}"
)
#: s39: "… STOP?" closing a reply, typed in capitals and run into a question aimed at whoever texts her
#: (``_ASKS_WHO_TEXTS``: "Who is this STOP?", "Can you STOP?", "Why do you keep texting me STOP?", "How'd you get my #
#: STOP?"), read as "… STOP ALL?" is; not a question about a third thing or about herself ("WHEN DOES THE SALE STOP?",
#: "WHAT TIME DO YOU STOP?", "What happens if I STOP?": rev39d H1, M1), nor one of texts that stopped coming ("WHY DID
#: YOUR TEXTS STOP?"); never after a word naming which stop or asking it not to happen ("Where is the bus STOP?", "Is
#: that your STOP?", "Is it my last STOP?", "Can't STOP?"), nor after a number, nor after words that are no question
#: ("Great, no rush STOP??", "I'm good STOP??").
_STOP_RUN_INTO_A_QUESTION = re.compile(
    rf"{_NOT_THE_KEYWORD_ASKED}"
    rf"(?!(?i:{'|'.join(sorted(_STOP_NAMED | _STOP_NAMED_AFTER | _STOP_NEGATED | _STOP_CANNOT))}|final|\d+)\b)"
    rf"([\w'\u2019]+|#),?[^\S\n]+STOP[^\w\n]*\?{_AFTER_THE_KEYWORD_ASKED}"
)
#: A question aimed at whoever texts her, for ``_STOP_RUN_INTO_A_QUESTION`` (the question's words before the STOP):
#: asking them to stop ("Can you STOP?", "Could you please STOP?", "Will you ever STOP?", "When will this STOP?", "When
#: does this STOP?", "Why won't you STOP?", "Why don't you STOP?"), who they are ("Who is this STOP?", "Do I know you
#: STOP?", "What is this STOP?", "Is this spam STOP?"), why they text her ("Why do you keep texting me STOP?", "Why am I
#: getting these STOP?") or how they have her number ("Where did you get my number STOP?", "How'd you get my # STOP?");
#: s39: not any "who" ("WHO CAN I CALL IF THE BLEEDING DOESN'T STOP?"), nor a question about a third thing or about
#: herself ("WHEN DOES THE SALE STOP?", "WHAT TIME DO YOU STOP?", "Can I STOP?", "WHY WOULD I STOP?": rev39d H1, M1;
#: "Can you STOP?", "When does this STOP?" were none after it: rev39g H1).
_YOU = r"(?:you|u|ya|y'all|yall)"
_ASKS_WHO_TEXTS = re.compile(
    r"[^\w]*(?:(?i:hi|hey|hello|um|uh|sorry|excuse me|ok|okay|omg|seriously|so|please|pls)\W+)*(?i:"
    rf"(?:can|will|would|could|won't|wont|can't|cant)(?: {_YOU})(?: (?:please|pls|plz|just|ever|kindly|already))*"
    rf"|when(?: the \w+)? (?:will|won't|wont) {_YOU}|when(?: the \w+)? (?:are|r) {_YOU} (?:gonna|going to)"
    rf"|when(?: the \w+)? (?:will|do|does|is|are|won't|wont|don't|dont|doesn't|doesnt)"
    r" (?:this|these|the texts|these texts|your texts|the messages|these messages|your messages)"
    r"(?: (?:ever )?(?:going to|gonna))?"  # s40 (rev40a L4): "When are these texts gonna STOP?"
    rf"|why(?: the \w+)? (?:will|does|do|is|are|won't|wont|don't|dont|doesn't|doesnt|can't|cant)"
    rf" (?:{_YOU}|this|these|the texts|these texts|your texts|the messages|these messages|your messages)"
    r"(?: (?:ever|ever going to|ever gonna|going to|gonna|please|just))?"
    r"|who(?:'s|\u2019s|s)?(?: (?:is|are|r))? (?:this|you|u|dis|these|texting|sending|keeps)\b.*"
    rf"|who gave {_YOU} my (?:number|#|phone|cell)"
    r"|(?:why|how come)\b.*\b(?:text|texting|txt|txting|texts|message|messaging|messages|contact|contacting|spam"
    r"|spamming|sending|bother|bothering|getting these|getting this|getting your|receiving|have my number)\b.*"
    rf"|(?:where|how)(?:'d|\u2019d| did| do| does| the \w+ did)? {_YOU} (?:get|got|have|find) (?:my|this)"
    r" (?:number|phone|cell|digits)\b.*"
    rf"|(?:where|how)(?:'d|\u2019d| did| do| does)? {_YOU} (?:get|got|have|find) (?:my|this) #.*"
    r"|what(?:'s|\u2019s| is) this|what \w+ is this|is this (?:spam|a scam|a bot|real|a joke)|do i know (?:you|u)"
    r"|what part of no (?:do|don't|dont) (?:you|u) (?:not )?(?:understand|get)|how many (?:more )?times)",
    re.DOTALL,
)
#: What makes a "why" question one of texts that stopped coming ("WHY DID YOUR TEXTS STOP?": rev39g M1), not hers.
_TEXTS_STOPPED = re.compile(r"(?i:\W*(?:why|how come)\b.*\b(?:texts|txts|messages|msgs|offers)\W*)\Z", re.DOTALL)
#: A firm keyword typed in capitals ("I want out. What does STOP mean?").
_FIRM_IN_CAPITALS = re.compile(r"\b(?:STOP|STOP ?ALL|QUIT|UNSUBSCRIBE|UNSUB|OPT ?OUT|REVOKE)\b")


def _takes_the_slot(said: str, body: str) -> bool:
    """Whether a reply takes the slot (``_TAKES_THE_SLOT``, read on the reply as typed, its punctuation and all), with
    no negation beside in its words (``said``, an opt-out phrase in them set aside)."""
    return _slot_taken(body) and _unnegated(said)


def _slot_taken(body: str) -> bool:
    """Whether the reply as typed holds words that take the slot where they end their clause (``_TAKES_THE_SLOT``)."""
    return _TAKES_THE_SLOT.search(re.sub(r"[^\S\n]+", " ", _typed(body))) is not None


#: s34: the text reached someone else ("She no longer lives here", "He doesn't live here anymore", "This isn't her
#: number"), or she is not who it names ("I'm not Maria", "This is not Ana", the name written with its capital): not
#: her no, for a person to read (it was a NO).
_NOT_HER = re.compile(
    r"\b(?:she|he|they)(?:'s| is| has)? (?:no longer|doesn't|doesnt|does not|don't|dont|do not) (?:lives?|live|works?|work)"
    r" (?:here|there|at this (?:address|number))\b|\b(?:no longer lives|(?:doesn't|doesnt|does not) live) (?:here|there)\b"
    r"|\b(?:she|he|they) (?:no longer|doesn't|doesnt|does not|don't|dont|do not) (?:has|have|uses?|owns?) this (?:number|phone)\b"
    r"|\b(?:this|it) (?:is not|isn't|isnt|'s not) (?:her|his) (?:number|phone|cell)\b"
)
_NOT_HER_NAMED = re.compile(
    r"\b(?:I'm|I’m|Im|I am|i'm|i’m|im|i am|[Tt]his is|[Tt]his isn't|[Tt]his isn’t|[Ii]t's|[Ii]t’s)\s+(?:not|NOT)\s+"
    r"(?!(?:Interested|Available|Free|Sure|Busy|Coming|Going|Able|Ready|Home|Around|Here|There|Really|Feeling|Into"
    r"|Looking|Doing|Working|In|At|An?|The|That|So|Too|Very|Ok|Okay|Good|Well|Even|Gonna|Local|Near|Sick|Late|Done"
    r"|Happy|Mad|Upset|Worried|Bothered|Yet|Anymore|Possible|Keen)\b)[A-Z][a-z]+\b(?!['’]s\b|\s+(?:interested|available|free|sure|busy)\b)"
)
#: "No more texts left?", "No more offers available?": asked, what is left (s34).
_NONE_LEFT = re.compile(r"\bno more \w+ (?:left|available|remaining)\b")
_PARTY = re.compile(r"\b\d+\s+(?:of\s+us|people|persons|guests|ppl)\b|\bfor\s+\d+\b(?!\s*(?::|am|pm|a\.m|p\.m))", re.I)


#: "STOP ALL", the carriers' one keyword "STOPALL" ("No thanks STOP ALL", "I said STOP ALL", "Wrong number STOP ALL":
#: a NO or a person's, no opt-out recorded, while the same with "STOP" was one): folded where it closes the reply
#: (``_fold_stop_all``) or a sentence of it (``_politeness_left_off``: "STOP ALL. Who is this?").
_STOP_ALL = re.compile(r"\b(stop)[^\S\n]+(all)\b", re.IGNORECASE)


def _fold_stop_all(body: str) -> str:
    """``body`` with a closing "STOP ALL" written as the one keyword "STOPALL": after it only what the words of a
    reply leave out (emoji, punctuation), politeness, a signature, the offer quoted back or the provider's footer."""
    def fold(match: re.Match[str]) -> str:
        rest = _PROVIDER_FOOTER.sub(" ", _SIGNATURE.sub(" ", _QUOTED.sub(" ", body[match.end():])))
        if "?" in rest or set(_reply_words(rest)[0]) - _STOP_POLITENESS:
            return match[0]  # "stop all the texts except this one", "Can you stop all?"
        return match[1] + match[2]
    return _STOP_ALL.sub(fold, body)


#: Full-width letters, digits and signs (U+FF01–U+FF5E) and the ideographic space, as some phone keyboards type them
#: ("ＹＥＳ"), read as their ASCII selves (it had been "not a yes or no", a person asked to follow up). Only these: NFKC
#: would also turn "½", "①" or "™" into other words and digits than the guest typed.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def classify_reply(body: str, *, offered: datetime | None = None) -> ReplyIntent:
    """A client's reply: "yes" only when it is plainly a yes, "no" for a no, "stop" for an opt-out (STOP, UNSUBSCRIBE,
    "please remove me" …: a no that also means "never text me again"), "start" for START or UNSTOP, "yes_stop" for a
    yes that takes the slot beside an opt-out that can only be hers ("Yes I'll take it! And stop texting me": the
    opt-out is hers, the booking a person's), else "other".

    Case and punctuation insensitive. Doubt is never a yes: a question, a condition, a time or a mix of yes and no
    is "other", which a person follows up. Nor is enthusiasm worded as a negation ever a no ("Can't wait!"). With
    ``offered`` (the offered start, in the location's zone), the offer's own time said back is no doubt: "Yes, 11
    works", "Yes for the 11am!", "See you at 11:00!" ("Yes, 11 or 3?" and another time stay for a person).
    """
    body = _fold_stop_all(body.translate(_FULL_WIDTH))
    said_as_sent = body  # "no rush" set aside from it to read the rest (``_yes_beside_no_rush``)
    body = _PROVIDER_FOOTER.sub(" ", body)  # the provider's "Reply STOP to opt out" pasted under her answer
    time_said = 0  # whether the reply says the offer's own time back ("See you at 11:00!")
    if offered is not None:
        # the offer quoted back set aside first, then the time looked for in the guest's own words: taken out first,
        # the quoted offer's own time went ("> … Tue 3pm? …⏎Yes 3pm works" kept the guest's "3pm", a doubt), and so
        # did what marks a pasted offer line as the offer (its time beside "Reply YES to claim"), leaving its words
        body = _SIGNATURE.sub(" ", _QUOTED.sub(" ", body))
        if not _PARTY.search(body):
            body, time_said = _offered_time(offered).subn(" ", body, count=1)
    # "STOP" on a line of its own (beside the offer in quotes or not), whatever the other lines hold
    for line in _IN_QUOTES.sub(" ", body).splitlines():
        if line.lstrip().startswith(">"):
            continue  # a quoted line is not the guest's
        line_words, line_joined = _reply_words(line)
        line_keywords = set(line_words) - _STOP_POLITENESS
        if line_keywords and line_keywords <= _STOP_FIRM or _STOP_WHOLE.fullmatch(line_joined):
            return "stop"
    body = _SIGNATURE.sub(" ", _QUOTED.sub(" ", body))  # the offer quoted back, a signature: not the guest's answer
    words, joined = _reply_words(body)
    if _STOP_SIGN.search(body) and not set(words) - _STOP_POLITENESS:
        return "stop"  # "🛑", "🛑 please"
    if not words:
        return "no" if _NO_MARKS.search(body) else "other"  # "👎" or "❌" alone: a no; "👍" alone a person reads
    keywords = set(words) - _STOP_POLITENESS
    said_first = joined  # the reply's words before any of them is set aside below
    # a question is no opt-out by keyword alone ("Spam?", "Cancel?"), but for a firm one ("Stop?"), which the SMS
    # provider itself takes as one
    asked = "?" in body or "¿" in body
    if (keywords and keywords <= _STOP_KEYWORDS and not (asked and keywords - _STOP_FIRM)
            or keywords & _STOP_FIRM and keywords <= _STOP_FIRM | _STOP_INSISTING):
        return "stop"  # "STOP", "Stop por favor", "Unsub"; "I said STOP", "Wrong number, please stop"
    if _stop_then_a_reason(body) or _no_then_stop(body):
        return "stop"  # "Stop. I moved away"; "I can't come. Stop"
    # an opt-out phrase is a STOP ("Remove me from the waitlist and stop texting me", "Definitely stop texting me",
    # "No me manden más mensajes y no me llamen"), but beside a plain yes ("Yes! Please remove me from the 5pm slot and
    # book me this one", "Yes, stop texting the others") a person reads which the guest means; coming off the
    # waitlist alone is none
    if (opt_out := _opt_out_said(body, joined)) is not None:
        said = _YES_AS_A_WORD.sub(" ", joined)  # "Stop texting me, I never asked to reply yes": no yes said
        if _EMAILS.search(said) and (_TEXTS_WELCOME.search(said) or _EMAILS_ALONE.search(said)) and not _TEXTS_TOO.search(
                _TEXTS_WELCOME.sub(" ", said)):
            return "other"  # "Unsubscribe me from emails please, texts ok": not the texts
        # read where the phrase was found, in the string it was found in (the reply with "don't stop" and "take me off
        # the waitlist" set aside): a position in it is no position in ``joined`` (rev31a M1)
        maybe_not_hers = _MAYBE_NOT_HERS.match(opt_out.string, opt_out.start()) is not None
        remove_me = _REMOVE_ME.match(opt_out.string, opt_out.start()) is not None
        # "Yes, stop texting me after this": a yes to this offer, her opt-out for the next; not "remove me from the
        # list after this" (the list may be the waitlist, as below)
        if ("?" not in body and not remove_me and _for_after_this(opt_out) and _says_a_yes(said, agreeing=False)
                and _unnegated(said)):
            return "yes_stop"
        # "Yes please, you can remove me from the list": a yes to the slot and a waitlist she needs no more, as often
        # as a "never text me again" (not beside an "ok" or a "sure", which may only agree to it)
        if maybe_not_hers and (_says_a_yes(said) or _YES_IN_OTHER_WORDS.search(said)):
            return "other"
        if remove_me and (_says_a_yes(said, agreeing=False) or _YES_IN_OTHER_WORDS.search(_YES_POLITELY.sub(" ", said))):
            return "other"
        if "?" not in body and _takes_the_slot(_YES_AS_A_WORD.sub(" ", opt_out.string), body):
            return "yes_stop"  # "Yes I'll take it! And stop texting me": her opt-out, and a yes for a person to book
        return "stop"
    if ("?" not in body and _THEN_STOP.search(joined) and _says_a_yes(unsaid := _YES_AS_A_WORD.sub(" ", joined), agreeing=False)
            and _unnegated(unsaid)):
        return "yes_stop"  # "Yes but then stop": a yes to this offer, her opt-out for the next
    if not time_said and _offers_or_this_number_stopped(body, joined):
        return "stop"  # "No more offers", "Maria passed away, please remove this number"
    if _OFF_THE_WAITLIST.search(joined):
        return "other"  # "Yes please! And take me off the waitlist": no opt-out, no plain yes
    if _NOT_STOPPING.search(typed := _typed(body)):
        # "don't remove me", "please don't stop texting me": asking to stay on the list is neither an opt-out nor a
        # no to the offer: a no beside it decides ("No, but don't remove me" is a no); alone or beside a yes ("Yes!
        # Don't remove me", "Yes please, never stop"), a person reads what the guest means
        words, joined = _reply_words(_NOT_STOPPING.sub(" ", typed))
        if not words or _YES_CORE & set(words) or any(phrase in joined for phrase in _YES_CORE_PHRASES):
            return "other"
    # "stop, I'm not interested" (rev31d), never "Stop, I am interested" (rev31e)
    said_no = keywords - {"i'm", "im", "i", "am"} if _NOT_INTERESTED.search(said_first) else keywords
    if keywords & _STOP_FIRM and said_no <= _STOP_FIRM | _STOP_WITH_NO:
        return "stop"
    if words in (["start"], ["unstop"]):
        return "start"
    # "Oki no thanks", "Con gusto, pero no puedo": a plain decline beside only a yes-word of politeness is a NO
    declined_politely = bool(_DECLINED_PLAINLY.search(joined)) and _YES_CORE & set(words) <= _YES_SPELLED_LOOSELY and not (
        any(phrase in joined for phrase in _YES_CORE_PHRASES) or _YES_IN_OTHER_WORDS.search(_YES_POLITELY.sub(" ", joined)))
    if _YES_IN_OTHER_WORDS.search(joined) or _A_FEW_MINUTES_LATE.search(joined):
        joined = " ".join(_A_FEW_MINUTES_LATE.sub(" ", _YES_IN_OTHER_WORDS.sub(" yes ", joined)).split())
        words = joined.split()
    if re.fullmatch(r"(?:no )?of course not(?: sorry| thanks| thank you)?", joined):
        return "no"  # not the yes phrase "of course" ("Of course, not a problem!" is no no)
    if body.lstrip().startswith("¿"):
        return "other"  # a question in Spanish ("¿No hay otra hora?"): its "no" is no answer
    says_yes = bool(_YES_CORE & set(words)) or any(phrase in joined for phrase in _YES_CORE_PHRASES)
    if says_yes and (_DOUBT_MARKS.search(body) or _unglad_mark(body)):
        return "other"  # "Yes 👎", "yes 🤔", "Sí ¿", "Yes 😬", "yes :/": taken back or in doubt ("No 😢" stays a no)
    # "I'm ok thanks", "Ok, no worries": read before "no worries" goes with the eager phrases
    not_needed = _NOT_NEEDED.search(joined) is not None and not _slot_taken(body) or (
        _NO_WORRIES.search(joined) is not None and not (
            (_YES_CORE - _WEAK_YES) & set(words) or any(phrase in joined for phrase in _YES_CORE_PHRASES)))
    if _EAGER_PHRASES.search(joined):
        joined = " ".join(_EAGER_PHRASES.sub(" ", joined).split())
        words = joined.split()
        if not words:
            return "other"
    if _UNDECIDED_PHRASES.search(joined):
        return "other"
    if _NOT_HER.search(joined) or _NOT_HER_NAMED.search(body):
        if _stop_at_the_end(words):
            return "stop"  # "She no longer lives here STOP", "I'm not Maria please stop" (rev34e R2)
        return "other"  # "I'm not Maria", "She no longer lives here": the wrong person, not her no (s34)
    if _stop_at_the_end(words) and _A_DEATH.fullmatch(" ".join(_before_the_stop(words))):
        return "stop"  # "She passed away STOP" (s35: it was for a person, and she was texted again)
    if _NO_RUSH.search(body) and not asked and (
            _closing_keyword_in_capitals(body) or _stop_right_after_no_rush(body)) and (
            _stop_at_the_end(unrushed := _reply_words(_IN_QUOTES.sub(" ", _NO_RUSH_SAID.sub(" no rush ", body)))[0])
            and _glad_no_rush(" ".join(_before_the_stop(unrushed)))):
        # "Ok no rush STOP", "Yes please no rush STOP", "I'm in no hurry STOP", "Absolutely no rush STOP" as "Ok STOP",
        # "Yes please STOP", "Yes. STOP" are read (s38: a person's or a NO, her opt-out lost); a taking of the slot
        # beside it ("I'll take it, no rush STOP", "Book it⏎No rush STOP") is for a person, as "I'll take it STOP" is;
        # s39: so too a lower-case keyword right after the "no rush" ("Ok no rush stop", "Sure no hurry stop")
        return "stop"
    if _stop_said_before_a_named_stop(body):
        return "stop"  # "No thanks stop, this is the final stop" (rev39a L1)
    if (before := _said_before_a_closing_stop(body)) is not None and (
            _A_DEATH.fullmatch(before) or _gone(before) or _LEAVE_ME_BE.search(before) or _not_an_answer(before)
            # "Great, no rush STOP", "Great, no rush quit" (rev37a H1); not "stop" as a word ("Great, no rush, I can
            # make a quick stop": rev37c H1), so in capitals or after only glad words and politeness
            or _NO_RUSH.search(before) and (_closing_keyword_in_capitals(body) or _glad_no_rush(before))
            or _IM_GOOD.fullmatch(before) and _closing_keyword_in_capitals(body)
            or classify_reply(before, offered=offered) == "no"):
        # "Thanks but no thanks STOP", "I'm busy STOP" (rev35d H1, L1); not any words before a STOP in capitals:
        # "Can't wait STOP", "Sounds great STOP", "How about 4pm STOP" were made silent opt-outs (rev35g H1): a
        # person reads those
        return "stop"
    if _chasing(body) or _NO_RUSH_ALONE.fullmatch(said_first):
        return "other"  # "No answer yet?", "Still no answer?", "No rush": asking or polite, no decline (s37)
    if _yes_beside_no_rush(said_as_sent, offered):
        # "Yes please, no rush", "I'll take it, no hurry" (s38); "Great, no rush", "Absolutely no rush", "I'm in no
        # hurry" a person reads (s37: its "no" was a NO)
        return "yes" if _no_rush_said_apart(said_as_sent) else "other"
    # before a stop word of its sentence, the "no" of "no rush" declines nothing ("Can't wait! No rush, you're my
    # first stop", "No rush, I can make a quick stop" were a NO, her offer given away: rev38d M2); a decline beside it
    # still does ("No thanks, I'm at the bus stop", "No rush, but no thanks", "No rush, count me out")
    unrushed = set(_NO_RUSH.sub(" ", joined).split()) if _stop_in_its_sentence(body) else set(words)
    negated = bool(_NO_CORE & unrushed) or any(phrase in joined for phrase in _NO_PHRASES) or bool(
        _NEXT_TIME.fullmatch(joined))
    has_yes = bool(_YES_CORE & set(words) - {"absolutely", "definitely"}) or any(p in joined for p in _YES_CORE_PHRASES)
    if "?" not in body and "¿" not in body and _PLAIN_DECLINE.fullmatch(joined):
        return "no"  # "Thanks but no thanks", "Maybe next time, thanks", "That doesn't work for me" (s35)
    if "?" in body or _QUALIFIERS & set(words) or any(any(ch.isdigit() for ch in w) for w in words):
        # "No more texts left?": asking what is left, not a no (s34)
        asked_what_is_left = "?" in body and _NONE_LEFT.search(joined) is not None
        return "no" if negated and not has_yes and words[0] in _NO_CORE and not asked_what_is_left else "other"
    if negated:
        return "other" if has_yes and not declined_politely else "no"
    if not_needed:
        return "no" if _NOT_NEEDED_NO.fullmatch(joined) else "other"  # "I'm ok thanks": a decline; "I'll be ok": unclear
    if set(words) <= _YES_CORE | _YES_FILLER and (
        _YES_CORE & set(words) or any(p in joined for p in _YES_CORE_PHRASES)
    ):
        return "yes"
    if _GLAD_REPLY.fullmatch(joined) and _GLAD_PLAIN.fullmatch(_GLAD_EMOJI.sub(" ", body)):
        return "yes"
    if _ES_OK & set(words) and set(words) <= _ES_OK | _ES_OK_BESIDE and not _unglad_mark(body) and not _DOUBT_MARKS.search(body):
        return "yes"  # "Vale", "Sí, dale", "Vale, gracias"
    if time_said and _SEE_YOU_AT_ITS_TIME.fullmatch(joined) and not _unglad_mark(body) and not _DOUBT_MARKS.search(body):
        return "yes"  # "See you at 11:00!" to the 11:00 offer: her acceptance, in the offer's own time
    return "other"
