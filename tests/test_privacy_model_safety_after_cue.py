"""Safety words after "came with" and the like (scrubfix25, adversarial review of 5 December 2026, third pass).

4dfd923 masked any capitalised word no list knows after a strong companion cue ("came with", "booked with", "here
with") and masked it again wherever the note named it later: "came with Inderal for anxiety" reached the model as
"came with [name] for anxiety", and "Meds: Inderal, Eliquis. Came with Inderal today." as "Meds: [name], Eliquis. Came
with [name] today." (165 of 356 brand drugs, 31 of 178 conditions, 31 of 106 devices in the review's generated notes).
After those cues only a known given name, or a first name before a surname, is masked now; any unknown word only after
a cue that near-certainly names a person ("gift from", "paid by", "accompanied by", "emergency contact"), and a word
masked only because of such a cue is never masked again where it is mentioned later.
"""

from __future__ import annotations

import pytest

from spa_copilot.ai.guardrails import scrub_for_model

#: Drug brands and generics, conditions and devices a spa note may put after "came with" (the review's lists, gen.py,
#: and the words its realistic sentences lost): none is in the notes lexicon or this module's vocabulary for all.
SAFETY_WORDS = tuple(
    str.split(
        "Eliquis Xarelto Ozempic Mounjaro Humira Wegovy Zepbound Jardiance Farxiga Trulicity Entresto Januvia Janumet "
        "Keytruda Dupixent Stelara Skyrizi Rinvoq Biktarvy Descovy Truvada Genvoya Trikafta Imbruvica Ibrance Xtandi "
        "Revlimid Opdivo Tagrisso Enbrel Otezla Cosentyx Taltz Tremfya Xeljanz Orencia Prolia Xgeva Lantus Humalog "
        "Novolog Tresiba Toujeo Basaglar Levemir Admelog Fiasp Lyumjev Victoza Saxenda Rybelsus Invokana Steglatro "
        "Glyxambi Synjardy Xigduo Soliqua Xultophy Brilinta Plavix Effient Pradaxa Savaysa Coumadin Jantoven Lovenox "
        "Fragmin Multaq Tikosyn Lipitor Crestor Zocor Pravachol Livalo Zetia Vytorin Repatha Praluent Leqvio Nexletol "
        "Vascepa Lovaza Norvasc Lotrel Exforge Azor Tribenzor Benicar Diovan Cozaar Hyzaar Avapro Micardis Edarbi "
        "Bystolic Toprol Lopressor Coreg Tenormin Inderal Cardizem Lasix Bumex Demadex Aldactone Inspra Kerendia "
        "Synthroid Levoxyl Unithroid Armour Tirosint Cytomel Advair Symbicort Breo Trelegy Anoro Spiriva Stiolto "
        "Incruse Dulera Wixela Ventolin Proair Xopenex Qvar Flovent Pulmicort Arnuity Singulair Xolair Nucala Fasenra "
        "Tezspire Ofev Esbriet Lexapro Zoloft Prozac Paxil Celexa Effexor Pristiq Cymbalta Wellbutrin Trintellix "
        "Viibryd Auvelity Remeron Buspar Abilify Rexulti Vraylar Latuda Seroquel Zyprexa Risperdal Caplyta Lamictal "
        "Keppra Depakote Tegretol Trileptal Topamax Vimpat Xcopri Briviact Lyrica Neurontin Gralise Horizant Xanax "
        "Ativan Klonopin Valium Ambien Lunesta Belsomra Quviviq Dayvigo Adderall Vyvanse Ritalin Concerta Focalin "
        "Strattera Qelbree Intuniv Aricept Namenda Leqembi Sinemet Rytary Nourianz Ocrevus Kesimpta Tysabri Mavenclad "
        "Aubagio Tecfidera Vumerity Gilenya Mayzent Zeposia Ponvory Copaxone Avonex Rebif Plegridy Aimovig Ajovy "
        "Emgality Vyepti Nurtec Ubrelvy Qulipta Imitrex Maxalt Relpax Zomig Botox Celebrex Mobic Naprosyn Voltaren "
        "Arthrotec Ultram Percocet Norco Vicodin Oxycontin Dilaudid Suboxone Sublocade Vivitrol Narcan Chantix Nexium "
        "Prilosec Protonix Dexilant Pepcid Linzess Trulance Amitiza Motegi Xifaxan Viberzi Entyvio Remicade Inflectra "
        "Renflexis Simponi Cimzia Lialda Asacol Uceris Creon Zenpep Valtrex Paxlovid Tamiflu Xofluza Plaquenil Benlysta "
        "Saphnelo Lupkynis Arava Actemra Kevzara Kineret Olumiant Sotyktu Bimzelx Adbry Cibinqo Opzelura Eucrisa "
        "Protopic Elidel Tazorac Aczone Soolantra Mirvaso Rhofade Oracea Epiduo Differin Winlevi Accutane Absorica "
        "Claravis Spironolactone Yaz Yasmin Nexplanon Mirena Kyleena Skyla Paragard Annovera Nuvaring Depo-Provera "
        "Premarin Prempro Estrace Vivelle Climara Divigel Estrogel Prometrium Duavee Osphena Veozah Orilissa Myfembree "
        "Oriahnn Clomid Femara Arimidex Aromasin Tamoxifen Nolvadex Evista Fosamax Boniva Actonel Forteo Tymlos Evenity "
        "Flomax Proscar Avodart Cialis Viagra Myrbetriq Gemtesa Vesicare Detrol Ditropan Epipen Auvi-Q Adrenaclick "
        "Neffy Benadryl Zyrtec Claritin Allegra Xyzal Flonase Nasacort Medrol Prednisone Decadron Kenalog Sjogren's "
        "Sjögren's Sjogrens Hashimoto's Hashimotos Lupus POTS Fibromyalgia Psoriasis Rosacea Eczema Lymphedema "
        "Raynaud's Raynauds Crohn's Crohns Colitis Diabetes Epilepsy Vertigo Sciatica Shingles Gout Neuropathy "
        "Scoliosis Lordosis Kyphosis Arthritis Osteoporosis Osteopenia Bursitis Tendonitis Plantar Cellulitis Melanoma "
        "Cancer Chemo Radiation Lyme Lipedema Ehlers-Danlos EDS MCAS Hives Urticaria Angioedema Anaphylaxis Asthma COPD "
        "Afib AFib DVT Thrombosis Hemophilia Migraines Migraine Concussion TBI Whiplash Stroke TIA Parkinson's "
        "Parkinsons Alzheimer's Dementia ALS MS Myasthenia Graves Addison's Cushing's Marfan Hypothyroidism "
        "Hyperthyroidism Hypertension Hypotension Anemia Sickle Thalassemia Endometriosis PCOS Pregnancy Preeclampsia "
        "Gestational Mastitis Diastasis Prolapse Hernia Varicose Spider Keloids Vitiligo Melasma Alopecia Hidradenitis "
        "Acne Dermatitis Seborrheic Impetigo Ringworm Scabies Lice Herpes Cold Sores Covid Long-Covid Flu Strep "
        "Bronchitis Pneumonia Sinusitis Tinnitus Meniere's Bell's TMJ TMD Bruxism Carpal Trigger Frozen Rotator Torn "
        "ACL MCL Meniscus Labrum Bunions Neuroma Morton's Hammertoes Fasciitis Spondylitis Stenosis Herniated Bulging "
        "Sacroiliitis Costochondritis Pots Celiac Gastroparesis IBS GERD Diverticulitis Pancreatitis Hepatitis "
        "Cirrhosis Kidney Dialysis Lymphoma Leukemia Myeloma Mastectomy Lumpectomy Hysterectomy Osteoarthritis "
        "Rheumatoid Gouty Polymyalgia Sarcoidosis Scleroderma Vasculitis Dysautonomia Narcolepsy Insomnia Anxiety "
        "Depression PTSD ADHD Autism Claustrophobia Neurodivergent Hemorrhoids Varicocele Lipoma Cysts Ganglion "
        "Psoriatic Pacemaker Port Stent Picc PICC Picc-line CGM Libre Dexcom Omnipod Tandem Medtronic Insulet Zio "
        "Holter Defibrillator ICD LVAD Shunt Ostomy Colostomy Ileostomy Catheter Foley Drain Boot Brace Cast Splint "
        "Sling Crutches Walker Cane Wheelchair Scooter Oxygen CPAP BiPAP Nebulizer Inhaler EpiPen Hearing Aids Cochlear "
        "Implant Implants Expanders Tens TENS Stim Spinal Neurostimulator Insulin Pump Compression Sleeve Garment "
        "Binder Faja Drains Staples Stitches Sutures Bandage Dressing Wound Vac Wound-Vac Kinesio KT Rocktape Orthotics "
        "Prosthetic Prosthesis Dentures Invisalign Retainer Hijab Wig IUD Portacath Port-a-cath Mediport Hickman Trach "
        "G-tube Peg Feeding Tube Glucose Monitor Sensor Guardian Eversense Tslim Tubing Apple Watch Fitbit Oura Whoop "
        "Service Dog Aneurysm Tachycardia Bradycardia Tinea Candida Thrush Frostbite Gerd Addison Lasik Fraxel Emsculpt "
        "Aldara Efudex Fluorouracil Hydroquinone Tranexamic Zometa Taxol Cisplatin Arixtra Pletal Fentanyl Diltiazem "
        "Clonidine Nifedipine Colchicine"
    )
)
#: The cues after which a guest's drug, condition or device is as likely as a companion.
CUES = (
    "came with",
    "Came with",
    "came in with",
    "Came in with",
    "here with",
    "arrived with",
    "Arrived with",
    "booked with",
    "Booked with",
    "came w/",
    "Came w/",
    "came along with",
    "comes with",
    "visiting with",
)
FRAMES = ("{cue} {word}", "Guest {cue} {word} today, be gentle.")


def test_the_generated_set_is_large_enough() -> None:
    assert len(SAFETY_WORDS) >= 150


@pytest.mark.parametrize("cue", CUES)
def test_no_safety_word_is_masked_after_a_companion_cue(cue: str) -> None:
    masked = [
        note
        for word in SAFETY_WORDS
        for frame in FRAMES
        if word not in scrub_for_model(note := frame.format(cue=cue, word=word))
    ]
    assert masked == [], f"{len(masked)} masked, e.g. {masked[:5]}"


@pytest.mark.parametrize(
    "note",
    [
        "Meds: Inderal, Eliquis. Came with Inderal today.",
        "Conditions: Lipedema, Celiac. Came with Celiac",
        "Came with Mediport. Avoid Mediport area",
        "came in with Lyme, avoid deep pressure",
        "came with Prometrium - pregnant 8 wks",
        "Guest on Eliquis, came with Multaq too",
        "came with Vascepa and Lovaza",
        "Friday booked for both. Confirmed Friday 3pm",
    ],
)
def test_a_safety_word_after_a_companion_cue_reaches_the_model_everywhere(note: str) -> None:
    assert scrub_for_model(note) == note


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # after a near-certain person's cue the word is masked there, but never again where it is mentioned later
        ("Meds: Inderal. Accompanied by Inderal", "Meds: Inderal. Accompanied by [name]"),
        ("Gift from Xiomara. Xiomara loved the scrub", "Gift from [name]. Xiomara loved the scrub"),
        ("Paid by Celiac. Celiac, no oat scrub", "Paid by [name]. Celiac, no oat scrub"),
        # a known given name is still masked where it is mentioned later
        ("Gift from Maria. Maria loved the scrub", "Gift from [name]. [name] loved the scrub"),
        ("came with Maria. Maria prefers quiet", "came with [name]. [name] prefers quiet"),
    ],
)
def test_only_a_known_given_name_is_masked_again_later(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # a word before who someone is to the guest: after a comma a list's last item as often as a name
        ("came with Dementia, daughter assisting", "came with Dementia, daughter assisting"),
        ("Maria, her sister, called. Maria pays", "[name], her sister, called. [name] pays"),
        # in brackets or after a dash masked there, and again later only if a known given name
        ("Dx Dementia. Came with Dementia (daughter) today", "Dx Dementia. Came with [name] (daughter) today"),
        ("Xiomara (sister) booked. Xiomara pays", "[name] (sister) booked. Xiomara pays"),
        ("Tom (husband) booked. Tom pays", "[name] (husband) booked. [name] pays"),
    ],
)
def test_a_word_before_a_relation_is_masked_again_only_if_a_known_given_name(note: str, expected: str) -> None:
    assert scrub_for_model(note) == expected
