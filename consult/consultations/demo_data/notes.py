"""The explanatory notes of the demo draft acts, attached to them as documents (MS-NOTE).

Pure data, no imports from the application: for each act the document's title and file name
and its text in the four authored languages, one paragraph a string; a string starting with
"# " is a heading.
"""

TRANSPARENCY_NOTE: dict = {
    "file_name": "shenim-shpjegues-rregullorja-per-transparence.docx",
    "title": {
        "sq": "Shënim shpjegues për projektrregulloren për transparencë",
        "sr_Latn": "Obrazloženje nacrta pravilnika o transparentnosti",
        "bs": "Obrazloženje nacrta pravilnika o transparentnosti",
        "en": "Explanatory note on the draft regulation on transparency",
    },
    "text": {
        "sq": [
            "# Shënim shpjegues për Projektrregulloren për transparencë dhe pjesëmarrje publike "
            "në Komunën e Istogut",
            "# 1. Qëllimi dhe arsyet",
            "Projektrregullorja përcakton si i informon Komuna e Istogut qytetarët për punën e "
            "organeve të saj dhe si marrin pjesë ata në vendimmarrje. Strategjia për Komunikim "
            "dhe Informim 2023–2026 kërkon rregulla të qarta për publikimin e dokumenteve, për "
            "konsultimet publike dhe për përgjigjet ndaj komenteve të qytetarëve.",
            "# 2. Baza ligjore",
            "Ligji nr. 03/L-040 për Vetëqeverisjen Lokale, Ligji nr. 06/L-081 për Qasje në "
            "Dokumente Publike dhe Udhëzimi Administrativ (MAPL) nr. 06/2018 për Standardet "
            "Minimale për Konsultim Publik në Komuna.",
            "# 3. Përmbajtja kryesore",
            "Projektrregullorja rregullon publikimin e akteve dhe të projektakteve, konsultimin "
            "publik që zgjat së paku 15 ditë, njoftimin paraprak, takimet publike, përgjigjen me "
            "arsyetim për çdo koment dhe publikimin e dokumenteve në të gjitha gjuhët zyrtare.",
            "# 4. Ndikimi buxhetor",
            "Zbatimi i rregullores nuk kërkon mjete shtesë nga buxheti komunal: Zyra për "
            "Informim Publik dhe drejtoritë e zbatojnë me buxhetin dhe stafin e tyre ekzistues.",
            "# 5. Konsultimi",
            "Projektrregullorja publikohet për konsultim publik në këtë platformë. Komentet "
            "pranohen deri në datën e mbylljes së konsultimit, ndërsa takimi publik mbahet në "
            "Sallën e Kuvendit të Komunës.",
        ],
        "sr_Latn": [
            "# Obrazloženje Nacrta pravilnika o transparentnosti i učešću javnosti u Opštini Istok",
            "# 1. Svrha i razlozi",
            "Nacrt pravilnika utvrđuje kako Opština Istok obaveštava građane o radu svojih "
            "organa i kako građani učestvuju u donošenju odluka. Strategija komunikacije i "
            "informisanja 2023–2026 zahteva jasna pravila o objavljivanju dokumenata, o javnim "
            "konsultacijama i o odgovorima na komentare građana.",
            "# 2. Pravni osnov",
            "Zakon br. 03/L-040 o lokalnoj samoupravi, Zakon br. 06/L-081 o pristupu javnim "
            "dokumentima i Administrativno uputstvo (MALU) br. 06/2018 o minimalnim standardima "
            "za javne konsultacije u opštinama.",
            "# 3. Glavni sadržaj",
            "Nacrt pravilnika uređuje objavljivanje akata i nacrta akata, javnu konsultaciju "
            "koja traje najmanje 15 dana, prethodno obaveštenje, javne sastanke, obrazložen "
            "odgovor na svaki komentar i objavljivanje dokumenata na svim službenim jezicima.",
            "# 4. Uticaj na budžet",
            "Sprovođenje pravilnika ne zahteva dodatna sredstva iz opštinskog budžeta: "
            "Kancelarija za javno informisanje i direkcije sprovode ga postojećim budžetom i "
            "osobljem.",
            "# 5. Konsultacija",
            "Nacrt pravilnika objavljuje se na javnu konsultaciju na ovoj platformi. Komentari "
            "se primaju do dana završetka konsultacije, a javni sastanak održava se u sali "
            "Skupštine opštine.",
        ],
        "bs": [
            "# Obrazloženje Nacrta pravilnika o transparentnosti i učešću javnosti u Općini Istok",
            "# 1. Svrha i razlozi",
            "Nacrt pravilnika utvrđuje kako Općina Istok obavještava građane o radu svojih "
            "organa i kako građani učestvuju u donošenju odluka. Strategija komunikacije i "
            "informisanja 2023–2026 zahtijeva jasna pravila o objavljivanju dokumenata, o javnim "
            "konsultacijama i o odgovorima na komentare građana.",
            "# 2. Pravni osnov",
            "Zakon br. 03/L-040 o lokalnoj samoupravi, Zakon br. 06/L-081 o pristupu javnim "
            "dokumentima i Administrativno uputstvo (MALU) br. 06/2018 o minimalnim standardima "
            "za javne konsultacije u općinama.",
            "# 3. Glavni sadržaj",
            "Nacrt pravilnika uređuje objavljivanje akata i nacrta akata, javnu konsultaciju "
            "koja traje najmanje 15 dana, prethodno obavještenje, javne sastanke, obrazložen "
            "odgovor na svaki komentar i objavljivanje dokumenata na svim službenim jezicima.",
            "# 4. Uticaj na budžet",
            "Provođenje pravilnika ne zahtijeva dodatna sredstva iz općinskog budžeta: Ured za "
            "javno informisanje i direkcije provode ga postojećim budžetom i osobljem.",
            "# 5. Konsultacija",
            "Nacrt pravilnika objavljuje se na javnu konsultaciju na ovoj platformi. Komentari "
            "se primaju do dana završetka konsultacije, a javni sastanak održava se u sali "
            "Skupštine općine.",
        ],
        "en": [
            "# Explanatory note on the Draft Regulation on Transparency and Public "
            "Participation in the Municipality of Istog",
            "# 1. Purpose and reasons",
            "The draft regulation sets out how the Municipality of Istog informs citizens about "
            "the work of its bodies and how citizens take part in decision-making. The "
            "Communication and Information Strategy 2023–2026 calls for clear rules on "
            "publishing documents, on public consultations and on answering citizens' comments.",
            "# 2. Legal basis",
            "Law No. 03/L-040 on Local Self-Government, Law No. 06/L-081 on Access to Public "
            "Documents and Administrative Instruction (MLGA) No. 06/2018 on the Minimum Standards "
            "for Public Consultation in Municipalities.",
            "# 3. Main content",
            "The draft regulation governs the publication of acts and draft acts, a public "
            "consultation of at least 15 days, the preliminary notice, public meetings, an "
            "answer with reasons to every comment and the publication of documents in every "
            "official language.",
            "# 4. Budget impact",
            "Implementing the regulation needs no additional funds from the municipal budget: "
            "the Public Information Office and the directorates carry it out with their "
            "existing budget and staff.",
            "# 5. Consultation",
            "The draft regulation is published for public consultation on this platform. "
            "Comments are taken until the consultation closes, and the public meeting is held in "
            "the hall of the Municipal Assembly.",
        ],
    },
}

YOUTH_NOTE: dict = {
    "file_name": "shenim-shpjegues-rregullorja-per-iniciativat-rinore.docx",
    "title": {
        "sq": "Shënim shpjegues për projektrregulloren për iniciativat rinore",
        "sr_Latn": "Obrazloženje nacrta pravilnika o omladinskim inicijativama",
        "bs": "Obrazloženje nacrta pravilnika o inicijativama mladih",
        "en": "Explanatory note on the draft regulation on youth initiatives",
    },
    "text": {
        "sq": [
            "# Shënim shpjegues për Projektrregulloren për mbështetjen e iniciativave rinore dhe "
            "të organizatave rinore në Komunën e Istogut",
            "# 1. Qëllimi dhe arsyet",
            "Deri tani Komuna i ka mbështetur iniciativat rinore pa rregulla të publikuara për "
            "atë se kush mund të aplikojë dhe si vlerësohen aplikacionet. Projektrregullorja "
            "vendos kritere të qarta, një thirrje publike vjetore dhe raportim të detyrueshëm, "
            "që fondet për të rinjtë të ndahen në mënyrë të drejtë dhe transparente.",
            "# 2. Baza ligjore",
            "Ligji nr. 03/L-040 për Vetëqeverisjen Lokale dhe Ligji nr. 03/L-145 për Fuqizimin "
            "dhe Pjesëmarrjen e Rinisë.",
            "# 3. Përmbajtja kryesore",
            "Projektrregullorja përcakton aplikuesit e pranueshëm, llojet e mbështetjes (grante "
            "deri në 5 000 euro për projekt dhe deri në 1 000 euro për grupet joformale), "
            "thirrjen publike vjetore, komisionin vlerësues, kriteret e vlerësimit dhe "
            "raportimin e përfituesve.",
            "# 4. Ndikimi buxhetor",
            "Shuma vjetore e mbështetjes caktohet në buxhetin e Drejtorisë për Kulturë, Rini dhe "
            "Sport; rregullorja nuk krijon shpenzime përtej asaj shume.",
        ],
        "sr_Latn": [
            "# Obrazloženje Nacrta pravilnika o podršci omladinskim inicijativama i omladinskim "
            "organizacijama u Opštini Istok",
            "# 1. Svrha i razlozi",
            "Opština je do sada podržavala omladinske inicijative bez objavljenih pravila o tome "
            "ko može da konkuriše i kako se ocenjuju prijave. Nacrt pravilnika uvodi jasne "
            "kriterijume, godišnji javni poziv i obavezno izveštavanje, kako bi se sredstva za "
            "mlade raspodeljivala pravično i transparentno.",
            "# 2. Pravni osnov",
            "Zakon br. 03/L-040 o lokalnoj samoupravi i Zakon br. 03/L-145 o osnaživanju i "
            "učešću mladih.",
            "# 3. Glavni sadržaj",
            "Nacrt pravilnika utvrđuje ko ispunjava uslove, vrste podrške (grantovi do 5.000 "
            "evra po projektu i do 1.000 evra za neformalne grupe), godišnji javni poziv, "
            "komisiju za ocenjivanje, kriterijume ocenjivanja i izveštavanje korisnika.",
            "# 4. Uticaj na budžet",
            "Godišnji iznos podrške utvrđuje se u budžetu Direkcije za kulturu, omladinu i "
            "sport; pravilnik ne stvara rashode preko tog iznosa.",
        ],
        "bs": [
            "# Obrazloženje Nacrta pravilnika o podršci inicijativama mladih i organizacijama "
            "mladih u Općini Istok",
            "# 1. Svrha i razlozi",
            "Općina je do sada podržavala inicijative mladih bez objavljenih pravila o tome ko "
            "se može prijaviti i kako se ocjenjuju prijave. Nacrt pravilnika uvodi jasne "
            "kriterije, godišnji javni poziv i obavezno izvještavanje, kako bi se sredstva za "
            "mlade raspodjeljivala pravično i transparentno.",
            "# 2. Pravni osnov",
            "Zakon br. 03/L-040 o lokalnoj samoupravi i Zakon br. 03/L-145 o osnaživanju i "
            "učešću mladih.",
            "# 3. Glavni sadržaj",
            "Nacrt pravilnika utvrđuje ko ispunjava uslove, vrste podrške (grantovi do 5.000 "
            "eura po projektu i do 1.000 eura za neformalne grupe), godišnji javni poziv, "
            "komisiju za ocjenjivanje, kriterije ocjenjivanja i izvještavanje korisnika.",
            "# 4. Uticaj na budžet",
            "Godišnji iznos podrške utvrđuje se u budžetu Direkcije za kulturu, mlade i sport; "
            "pravilnik ne stvara rashode preko tog iznosa.",
        ],
        "en": [
            "# Explanatory note on the Draft Regulation on Support for Youth Initiatives and "
            "Youth Organisations in the Municipality of Istog",
            "# 1. Purpose and reasons",
            "Until now the municipality has supported youth initiatives without published rules "
            "on who may apply and how applications are evaluated. The draft regulation brings "
            "clear criteria, an annual public call and compulsory reporting, so that funds for "
            "young people are shared out fairly and openly.",
            "# 2. Legal basis",
            "Law No. 03/L-040 on Local Self-Government and Law No. 03/L-145 on Empowerment and "
            "Participation of Youth.",
            "# 3. Main content",
            "The draft regulation sets out who is eligible, the kinds of support (grants of up "
            "to EUR 5,000 per project and up to EUR 1,000 for informal groups), the annual "
            "public call, the evaluation committee, the evaluation criteria and reporting by "
            "beneficiaries.",
            "# 4. Budget impact",
            "The yearly amount of support is set in the budget of the Directorate for Culture, "
            "Youth and Sport; the regulation creates no spending beyond that amount.",
        ],
    },
}

WASTE_NOTE: dict = {
    "file_name": "shenim-shpjegues-rregullorja-per-mbeturinat.docx",
    "title": {
        "sq": "Shënim shpjegues për projektrregulloren për grumbullimin e mbeturinave",
        "sr_Latn": "Obrazloženje nacrta pravilnika o prikupljanju otpada",
        "bs": "Obrazloženje nacrta pravilnika o prikupljanju otpada",
        "en": "Explanatory note on the draft regulation on waste collection",
    },
    "text": {
        "sq": [
            "# Shënim shpjegues për Projektrregulloren për grumbullimin e mbeturinave dhe "
            "pastërtinë publike në Komunën e Istogut",
            "# 1. Qëllimi dhe arsyet",
            "Grumbullimi i mbeturinave në fshatra është i parregullt dhe hedhja e mbeturinave në "
            "vende publike mbetet problem. Projektrregullorja vendos orar të publikuar, detyrime "
            "të qarta dhe gjoba proporcionale.",
            "# 2. Baza ligjore",
            "Ligji nr. 03/L-040 për Vetëqeverisjen Lokale dhe Ligji nr. 04/L-060 për Mbeturinat.",
            "# 3. Ndikimi buxhetor",
            "Grumbullimi i dytë javor gjatë verës kushton rreth 18 000 euro në vit, të parapara "
            "në buxhetin e Drejtorisë së Shërbimeve Publike.",
        ],
        "sr_Latn": [
            "# Obrazloženje Nacrta pravilnika o prikupljanju otpada i javnoj čistoći u Opštini "
            "Istok",
            "# 1. Svrha i razlozi",
            "Prikupljanje otpada u selima je neredovno, a bacanje otpada na javnim mestima i "
            "dalje je problem. Nacrt pravilnika uvodi objavljen raspored, jasne obaveze i "
            "srazmerne kazne.",
            "# 2. Pravni osnov",
            "Zakon br. 03/L-040 o lokalnoj samoupravi i Zakon br. 04/L-060 o otpadu.",
            "# 3. Uticaj na budžet",
            "Drugo nedeljno prikupljanje tokom leta košta oko 18.000 evra godišnje, predviđenih "
            "u budžetu Direkcije za javne službe.",
        ],
        "bs": [
            "# Obrazloženje Nacrta pravilnika o prikupljanju otpada i javnoj čistoći u Općini "
            "Istok",
            "# 1. Svrha i razlozi",
            "Prikupljanje otpada u selima je neredovno, a bacanje otpada na javnim mjestima i "
            "dalje je problem. Nacrt pravilnika uvodi objavljen raspored, jasne obaveze i "
            "srazmjerne kazne.",
            "# 2. Pravni osnov",
            "Zakon br. 03/L-040 o lokalnoj samoupravi i Zakon br. 04/L-060 o otpadu.",
            "# 3. Uticaj na budžet",
            "Drugo sedmično prikupljanje tokom ljeta košta oko 18.000 eura godišnje, predviđenih "
            "u budžetu Direkcije za javne usluge.",
        ],
        "en": [
            "# Explanatory note on the Draft Regulation on Waste Collection and Public "
            "Cleanliness in the Municipality of Istog",
            "# 1. Purpose and reasons",
            "Waste collection in the villages is irregular and dumping in public places remains "
            "a problem. The draft regulation brings a published timetable, clear duties and "
            "proportionate fines.",
            "# 2. Legal basis",
            "Law No. 03/L-040 on Local Self-Government and Law No. 04/L-060 on Waste.",
            "# 3. Budget impact",
            "A second weekly collection in summer costs about EUR 18,000 a year, provided for in "
            "the budget of the Directorate for Public Services.",
        ],
    },
}
