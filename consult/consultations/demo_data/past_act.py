"""A past consultation of the demo: a draft act that has closed and been reported on.

The draft regulation on support for youth initiatives and youth organisations in the Municipality
of Istog, consulted by the Directorate for Culture, Youth and Sport: the consultation, the act in
the four authored languages, the comments (all answered, each with its reason) and the public
meeting held while it was open. Pure data, no imports from the application; offsets are in days
relative to the day the demo is loaded.
"""

# The consultation: same keys as an entry of CONSULTATIONS in data.py, plus the day its report
# was published.
PAST_CONSULTATION: dict = {
    "kind": "draft_act",
    "directorate": "CYS",
    "title": {
        "sq": "Projektrregullorja për mbështetjen e iniciativave rinore dhe të organizatave "
        "rinore në Komunën e Istogut",
        "sr_Latn": "Nacrt pravilnika o podršci omladinskim inicijativama i omladinskim "
        "organizacijama u Opštini Istok",
        "bs": "Nacrt pravilnika o podršci inicijativama mladih i organizacijama mladih u Općini "
        "Istok",
        "en": "Draft Regulation on Support for Youth Initiatives and Youth Organisations in the "
        "Municipality of Istog",
    },
    "summary": {
        "sq": "Drejtoria për Kulturë, Rini dhe Sport ftoi të rinjtë, organizatat rinore dhe "
        "qytetarët të japin komente për rregullat e reja për mbështetjen e iniciativave rinore. "
        "Konsultimi është mbyllur dhe raporti me përgjigjet për të gjitha komentet është "
        "publikuar.",
        "sr_Latn": "Direkcija za kulturu, omladinu i sport pozvala je mlade, omladinske "
        "organizacije i građane da daju komentare na nova pravila o podršci omladinskim "
        "inicijativama. Konsultacija je završena, a izveštaj s odgovorima na sve komentare je "
        "objavljen.",
        "bs": "Direkcija za kulturu, mlade i sport pozvala je mlade, organizacije mladih i "
        "građane da daju komentare na nova pravila o podršci inicijativama mladih. Konsultacija "
        "je završena, a izvještaj s odgovorima na sve komentare je objavljen.",
        "en": "The Directorate for Culture, Youth and Sport invited young people, youth "
        "organisations and citizens to comment on the new rules for supporting youth initiatives. "
        "The consultation has closed and the report with the answers to all comments has been "
        "published.",
    },
    "body": {
        "sq": (
            "Projektrregullorja përcakton si i mbështet Komuna e Istogut iniciativat dhe "
            "organizatat rinore: kush mund të aplikojë, çfarë mbështetjeje ofrohet, si shpallet "
            "thirrja publike vjetore dhe si vlerësohen aplikacionet. Qëllimi është që fondet për "
            "të rinjtë të ndahen sipas kritereve të qarta dhe të publikuara.\n\n"
            "Gjatë konsultimit, Drejtoria për Kulturë, Rini dhe Sport organizoi një takim publik "
            "në Qendrën Rinore në Istog. Komentet u pranuan përmes kësaj platforme, me email dhe "
            "me shkrim.\n\n"
            "Konsultimi është mbyllur. Raporti me të gjitha komentet dhe arsyetimin për secilin "
            "koment të pranuar, të pranuar pjesërisht ose të refuzuar është publikuar, dhe "
            "projektrregullorja e përmirësuar i është dërguar Kuvendit të Komunës për miratim."
        ),
        "sr_Latn": (
            "Nacrt pravilnika utvrđuje kako Opština Istok podržava omladinske inicijative i "
            "organizacije: ko može da konkuriše, koje se vrste podrške pružaju, kako se raspisuje "
            "godišnji javni poziv i kako se ocenjuju prijave. Cilj je da se sredstva za mlade "
            "raspodeljuju prema jasnim i javno objavljenim kriterijumima.\n\n"
            "Tokom konsultacije, Direkcija za kulturu, omladinu i sport organizovala je javni "
            "sastanak u Omladinskom centru u Istoku. Komentari su primani putem ove platforme, "
            "imejlom i pismeno.\n\n"
            "Konsultacija je završena. Objavljen je izveštaj sa svim komentarima i obrazloženjem "
            "za svaki prihvaćeni, delimično prihvaćeni ili odbijeni komentar, a poboljšani nacrt "
            "pravilnika upućen je Skupštini opštine na usvajanje."
        ),
        "bs": (
            "Nacrt pravilnika utvrđuje kako Općina Istok podržava inicijative i organizacije "
            "mladih: ko se može prijaviti, koje se vrste podrške pružaju, kako se raspisuje "
            "godišnji javni poziv i kako se ocjenjuju prijave. Cilj je da se sredstva za mlade "
            "raspodjeljuju prema jasnim i javno objavljenim kriterijima.\n\n"
            "Tokom konsultacije, Direkcija za kulturu, mlade i sport organizovala je javni "
            "sastanak u Omladinskom centru u Istoku. Komentari su primani putem ove platforme, "
            "e-mailom i pismeno.\n\n"
            "Konsultacija je završena. Objavljen je izvještaj sa svim komentarima i obrazloženjem "
            "za svaki prihvaćeni, djelimično prihvaćeni ili odbijeni komentar, a poboljšani nacrt "
            "pravilnika upućen je Skupštini općine na usvajanje."
        ),
        "en": (
            "The draft regulation sets out how the Municipality of Istog supports youth "
            "initiatives and youth organisations: who may apply, what support is offered, how the "
            "annual public call is issued and how applications are evaluated. The aim is that "
            "funds for young people are allocated according to clear, published criteria.\n\n"
            "During the consultation, the Directorate for Culture, Youth and Sport held a public "
            "meeting at the Youth Centre in Istog. Comments were received through this platform, "
            "by email and in writing.\n\n"
            "The consultation has closed. The report with all comments and the reason for each "
            "accepted, partly accepted or rejected comment has been published, and the improved "
            "draft regulation has been sent to the Municipal Assembly for adoption."
        ),
    },
    "planned_year": 2026,
    "contact": {
        "name": "Elira Morina",
        "email": "elira.morina@istog.example",
        "phone": "+383 39 451 145",
    },
    "offsets": {"notice": -75, "opens": -60, "closes": -35},
    "status": "reported",
    "report_offset": -25,
}

# The draft act as it was put to consultation, with the structure of DRAFT_ACT.
PAST_ACT: dict = {
    "title": {
        "sq": "Rregullore për mbështetjen e iniciativave rinore dhe të organizatave rinore në "
        "Komunën e Istogut",
        "sr_Latn": "Pravilnik o podršci omladinskim inicijativama i omladinskim organizacijama u "
        "Opštini Istok",
        "bs": "Pravilnik o podršci inicijativama mladih i organizacijama mladih u Općini Istok",
        "en": "Regulation on Support for Youth Initiatives and Youth Organisations in the "
        "Municipality of Istog",
    },
    "articles": [
        {
            "number": 1,
            "heading": {"sq": "Qëllimi", "sr_Latn": "Svrha", "bs": "Svrha", "en": "Purpose"},
            "text": {
                "sq": "Kjo rregullore përcakton kushtet, kriteret dhe procedurat për mbështetjen "
                "financiare dhe jofinanciare që Komuna e Istogut u jep iniciativave rinore dhe "
                "organizatave rinore. Qëllimi i saj është të nxisë pjesëmarrjen aktive të të "
                "rinjve në jetën shoqërore, kulturore dhe sportive të komunës dhe të sigurojë që "
                "fondet publike të ndahen në mënyrë të drejtë dhe transparente.",
                "sr_Latn": "Ovim pravilnikom utvrđuju se uslovi, kriterijumi i postupci za "
                "finansijsku i nefinansijsku podršku koju Opština Istok pruža omladinskim "
                "inicijativama i omladinskim organizacijama. Njegova svrha je da podstakne "
                "aktivno učešće mladih u društvenom, kulturnom i sportskom životu opštine i da "
                "obezbedi pravičnu i transparentnu raspodelu javnih sredstava.",
                "bs": "Ovim pravilnikom utvrđuju se uslovi, kriteriji i postupci za finansijsku i "
                "nefinansijsku podršku koju Općina Istok pruža inicijativama mladih i "
                "organizacijama mladih. Njegova svrha je da podstakne aktivno učešće mladih u "
                "društvenom, kulturnom i sportskom životu općine i da osigura pravednu i "
                "transparentnu raspodjelu javnih sredstava.",
                "en": "This Regulation sets out the conditions, criteria and procedures for the "
                "financial and non-financial support that the Municipality of Istog gives to "
                "youth initiatives and youth organisations. Its purpose is to encourage young "
                "people's active participation in the social, cultural and sporting life of the "
                "municipality and to ensure that public funds are allocated fairly and "
                "transparently.",
            },
        },
        {
            "number": 2,
            "heading": {
                "sq": "Fushëveprimi",
                "sr_Latn": "Područje primene",
                "bs": "Područje primjene",
                "en": "Scope",
            },
            "text": {
                "sq": "Rregullorja zbatohet për të gjitha mjetet që Drejtoria për Kulturë, Rini "
                "dhe Sport i ndan nga buxheti komunal për të rinjtë. Ajo nuk zbatohet për "
                "subvencionet për klubet sportive profesionale dhe për bursat e studentëve, të "
                "cilat rregullohen me akte të veçanta.",
                "sr_Latn": "Pravilnik se primenjuje na sva sredstva koja Direkcija za kulturu, "
                "omladinu i sport dodeljuje iz opštinskog budžeta za mlade. Ne primenjuje se na "
                "subvencije profesionalnim sportskim klubovima i na studentske stipendije, koje "
                "se uređuju posebnim aktima.",
                "bs": "Pravilnik se primjenjuje na sva sredstva koja Direkcija za kulturu, mlade "
                "i sport dodjeljuje iz općinskog budžeta za mlade. Ne primjenjuje se na "
                "subvencije profesionalnim sportskim klubovima i na studentske stipendije, koje "
                "se uređuju posebnim aktima.",
                "en": "This Regulation applies to all funds that the Directorate for Culture, "
                "Youth and Sport allocates from the municipal budget for young people. It does "
                "not apply to subsidies for professional sports clubs or to student scholarships, "
                "which are governed by separate acts.",
            },
        },
        {
            "number": 3,
            "heading": {
                "sq": "Përkufizimet",
                "sr_Latn": "Značenje izraza",
                "bs": "Značenje izraza",
                "en": "Definitions",
            },
            "text": {
                "sq": "Për qëllimet e kësaj rregulloreje, “i ri” është çdo person i moshës 15 "
                "deri 24 vjeç, në përputhje me Ligjin për fuqizimin dhe pjesëmarrjen e të rinjve. "
                "“Iniciativë rinore” është një veprimtari ose projekt që e propozon dhe e udhëheq "
                "një grup joformal me së paku tre të rinj. “Organizatë rinore” është organizatë "
                "joqeveritare e regjistruar, në të cilën të rinjtë janë shumica e anëtarëve dhe e "
                "organeve drejtuese.",
                "sr_Latn": "U smislu ovog pravilnika, „mlada osoba” je svako lice uzrasta od 15 "
                "do 24 godine, u skladu sa Zakonom o osnaživanju i učešću mladih. „Omladinska "
                "inicijativa” je aktivnost ili projekat koji predlaže i vodi neformalna grupa od "
                "najmanje tri mlade osobe. „Omladinska organizacija” je registrovana nevladina "
                "organizacija u kojoj mladi čine većinu članova i većinu članova upravnih organa.",
                "bs": "U smislu ovog pravilnika, „mlada osoba” je svako lice starosti od 15 do 24 "
                "godine, u skladu sa Zakonom o osnaživanju i učešću mladih. „Inicijativa mladih” "
                "je aktivnost ili projekt koji predlaže i vodi neformalna grupa od najmanje tri "
                "mlade osobe. „Organizacija mladih” je registrovana nevladina organizacija u "
                "kojoj mladi čine većinu članova i većinu članova upravnih organa.",
                "en": "For the purposes of this Regulation, a “young person” is anyone aged 15 to "
                "24, in accordance with the Law on Empowerment and Participation of Youth. A "
                "“youth initiative” is an activity or project proposed and led by an informal "
                "group of at least three young people. A “youth organisation” is a registered "
                "non-governmental organisation in which young people make up the majority of the "
                "members and of the governing bodies.",
            },
        },
        {
            "number": 4,
            "heading": {
                "sq": "Organizatat e pranueshme",
                "sr_Latn": "Prihvatljive organizacije",
                "bs": "Prihvatljive organizacije",
                "en": "Eligible organisations",
            },
            "text": {
                "sq": "Të drejtë për mbështetje kanë organizatat rinore dhe organizatat e tjera "
                "joqeveritare të regjistruara në Republikën e Kosovës që kanë selinë ose "
                "zhvillojnë veprimtari në Komunën e Istogut. Grupet joformale të të rinjve mund "
                "të aplikojnë për iniciativa rinore nëse njëri prej anëtarëve merr përgjegjësinë "
                "për menaxhimin e mjeteve. Nuk kanë të drejtë për mbështetje partitë politike, "
                "bashkësitë fetare dhe organizatat që nuk kanë raportuar për mbështetjen e marrë "
                "më parë nga komuna.",
                "sr_Latn": "Pravo na podršku imaju omladinske organizacije i druge nevladine "
                "organizacije registrovane u Republici Kosovo koje imaju sedište ili deluju u "
                "Opštini Istok. Neformalne grupe mladih mogu konkurisati za omladinske "
                "inicijative ako jedan od članova preuzme odgovornost za upravljanje sredstvima. "
                "Pravo na podršku nemaju političke stranke, verske zajednice i organizacije koje "
                "nisu podnele izveštaj o podršci koju su ranije dobile od opštine.",
                "bs": "Pravo na podršku imaju organizacije mladih i druge nevladine organizacije "
                "registrovane u Republici Kosovo koje imaju sjedište ili djeluju u Općini Istok. "
                "Neformalne grupe mladih mogu se prijaviti za inicijative mladih ako jedan od "
                "članova preuzme odgovornost za upravljanje sredstvima. Pravo na podršku nemaju "
                "političke stranke, vjerske zajednice i organizacije koje nisu podnijele "
                "izvještaj o podršci koju su ranije dobile od općine.",
                "en": "Youth organisations and other non-governmental organisations registered in "
                "the Republic of Kosovo that have their seat or work in the Municipality of Istog "
                "are eligible for support. Informal groups of young people may apply for youth "
                "initiatives if one of their members takes responsibility for managing the funds. "
                "Political parties, religious communities and organisations that have not "
                "reported on support previously received from the municipality are not eligible.",
            },
        },
        {
            "number": 5,
            "heading": {
                "sq": "Llojet e mbështetjes",
                "sr_Latn": "Vrste podrške",
                "bs": "Vrste podrške",
                "en": "Kinds of support",
            },
            "text": {
                "sq": "Komuna i mbështet iniciativat dhe organizatat rinore me grante për "
                "projekte, me shfrytëzimin pa pagesë të hapësirave komunale dhe me ndihmë teknike "
                "e këshillimore. Granti për një projekt nuk mund të kalojë 5 000 euro, ndërsa "
                "granti për iniciativën e një grupi joformal nuk mund të kalojë 1 000 euro. "
                "Hapësirat e Qendrës Rinore në Istog dhe të shtëpive të kulturës në fshatra jepen "
                "në shfrytëzim sipas një orari të publikuar.",
                "sr_Latn": "Opština podržava omladinske inicijative i organizacije grantovima za "
                "projekte, besplatnim korišćenjem opštinskih prostorija i tehničkom i "
                "savetodavnom pomoći. Grant za jedan projekat ne može biti veći od 5.000 evra, a "
                "grant za inicijativu neformalne grupe ne može biti veći od 1.000 evra. "
                "Prostorije Omladinskog centra u Istoku i domova kulture u selima daju se na "
                "korišćenje prema objavljenom rasporedu.",
                "bs": "Općina podržava inicijative i organizacije mladih grantovima za projekte, "
                "besplatnim korištenjem općinskih prostorija te tehničkom i savjetodavnom pomoći. "
                "Grant za jedan projekt ne može biti veći od 5.000 eura, a grant za inicijativu "
                "neformalne grupe ne može biti veći od 1.000 eura. Prostorije Omladinskog centra "
                "u Istoku i domova kulture u selima daju se na korištenje prema objavljenom "
                "rasporedu.",
                "en": "The municipality supports youth initiatives and organisations through "
                "project grants, free use of municipal premises and technical and advisory "
                "assistance. A grant for a project may not exceed EUR 5,000, and a grant for an "
                "informal group's initiative may not exceed EUR 1,000. The premises of the Youth "
                "Centre in Istog and of the village cultural centres are made available according "
                "to a published schedule.",
            },
        },
        {
            "number": 6,
            "heading": {
                "sq": "Thirrja publike vjetore",
                "sr_Latn": "Godišnji javni poziv",
                "bs": "Godišnji javni poziv",
                "en": "Annual public call",
            },
            "text": {
                "sq": "Drejtoria për Kulturë, Rini dhe Sport e shpall thirrjen publike për "
                "mbështetje një herë në vit, jo më vonë se në fund të muajit mars. Thirrja "
                "publikohet në të gjitha gjuhët zyrtare në ueb faqen e komunës, në rrjetet "
                "sociale dhe në Qendrën Rinore, dhe mbetet e hapur së paku 30 ditë. Thirrja "
                "përcakton fushat prioritare, shumën e përgjithshme në dispozicion, dokumentet e "
                "nevojshme dhe afatet.",
                "sr_Latn": "Direkcija za kulturu, omladinu i sport raspisuje javni poziv za "
                "podršku jednom godišnje, najkasnije do kraja marta. Javni poziv se objavljuje na "
                "svim službenim jezicima na veb-sajtu opštine, na društvenim mrežama i u "
                "Omladinskom centru, i ostaje otvoren najmanje 30 dana. Poziv utvrđuje "
                "prioritetne oblasti, ukupan raspoloživi iznos, potrebnu dokumentaciju i rokove.",
                "bs": "Direkcija za kulturu, mlade i sport raspisuje javni poziv za podršku "
                "jednom godišnje, najkasnije do kraja marta. Javni poziv se objavljuje na svim "
                "službenim jezicima na web stranici općine, na društvenim mrežama i u Omladinskom "
                "centru, i ostaje otvoren najmanje 30 dana. Poziv utvrđuje prioritetne oblasti, "
                "ukupan raspoloživi iznos, potrebnu dokumentaciju i rokove.",
                "en": "The Directorate for Culture, Youth and Sport issues the public call for "
                "support once a year, no later than the end of March. The call is published in "
                "all official languages on the municipal website, on social media and at the "
                "Youth Centre, and stays open for at least 30 days. It sets out the priority "
                "areas, the total amount available, the documents required and the deadlines.",
            },
        },
        {
            "number": 7,
            "heading": {
                "sq": "Komisioni vlerësues",
                "sr_Latn": "Komisija za ocenjivanje",
                "bs": "Komisija za ocjenjivanje",
                "en": "Evaluation committee",
            },
            "text": {
                "sq": "Aplikacionet i vlerëson një komision prej pesë anëtarësh, të cilin e "
                "emëron Kryetari i Komunës: tre zyrtarë komunalë, një përfaqësues i Këshillit "
                "Lokal të Veprimit Rinor dhe një ekspert i pavarur. Së paku dy anëtarë të "
                "komisionit duhet të jenë gra. Anëtari i komisionit që është anëtar, i punësuar "
                "ose i afërm i një aplikuesi e deklaron konfliktin e interesit dhe nuk merr pjesë "
                "në vlerësimin e atij aplikacioni.",
                "sr_Latn": "Prijave ocenjuje komisija od pet članova koju imenuje predsednik "
                "opštine: tri opštinska službenika, jedan predstavnik Lokalnog akcionog saveta "
                "mladih i jedan nezavisni stručnjak. Najmanje dva člana komisije moraju biti "
                "žene. Član komisije koji je s podnosiocem prijave povezan kao njegov član, "
                "zaposleni ili srodnik prijavljuje sukob interesa i ne učestvuje u ocenjivanju te "
                "prijave.",
                "bs": "Prijave ocjenjuje komisija od pet članova koju imenuje načelnik općine: "
                "tri općinska službenika, jedan predstavnik Lokalnog akcionog vijeća mladih i "
                "jedan nezavisni stručnjak. Najmanje dva člana komisije moraju biti žene. Član "
                "komisije koji je s podnosiocem prijave povezan kao njegov član, uposlenik ili "
                "srodnik prijavljuje sukob interesa i ne učestvuje u ocjenjivanju te prijave.",
                "en": "Applications are evaluated by a five-member committee appointed by the "
                "Mayor: three municipal officials, one representative of the Local Youth Action "
                "Council and one independent expert. At least two members of the committee must "
                "be women. A committee member who is a member, employee or relative of an "
                "applicant declares the conflict of interest and takes no part in evaluating that "
                "application.",
            },
        },
        {
            "number": 8,
            "heading": {
                "sq": "Kriteret e vlerësimit",
                "sr_Latn": "Kriterijumi za ocenjivanje",
                "bs": "Kriteriji za ocjenjivanje",
                "en": "Evaluation criteria",
            },
            "text": {
                "sq": "Komisioni i vlerëson aplikacionet me pikë sipas këtyre kritereve: "
                "përputhja me prioritetet e thirrjes, ndikimi te të rinjtë e komunës, "
                "qëndrueshmëria dhe kostoja e arsyeshme e projektit, si dhe përvoja e aplikuesit. "
                "Pikë shtesë u jepen projekteve që përfshijnë të rinjtë nga fshatrat, vajzat, të "
                "rinjtë nga komunitetet joshumicë ose të rinjtë me aftësi të kufizuara. Lista e "
                "renditjes me pikët e secilit aplikues publikohet, dhe aplikuesit mund të "
                "paraqesin ankesë brenda tetë ditëve.",
                "sr_Latn": "Komisija boduje prijave prema sledećim kriterijumima: usklađenost s "
                "prioritetima poziva, uticaj na mlade u opštini, održivost i razumna cena "
                "projekta i iskustvo podnosioca prijave. Dodatni bodovi dodeljuju se projektima "
                "koji uključuju mlade iz sela, devojke, mlade iz nevećinskih zajednica ili mlade "
                "sa invaliditetom. Rang-lista s bodovima svakog podnosioca se objavljuje, a "
                "podnosioci mogu uložiti žalbu u roku od osam dana.",
                "bs": "Komisija boduje prijave prema sljedećim kriterijima: usklađenost s "
                "prioritetima poziva, utjecaj na mlade u općini, održivost i razumna cijena "
                "projekta te iskustvo podnosioca prijave. Dodatni bodovi dodjeljuju se projektima "
                "koji uključuju mlade iz sela, djevojke, mlade iz nevećinskih zajednica ili mlade "
                "s invaliditetom. Rang-lista s bodovima svakog podnosioca se objavljuje, a "
                "podnosioci mogu uložiti žalbu u roku od osam dana.",
                "en": "The committee scores applications against these criteria: consistency with "
                "the priorities of the call, impact on young people in the municipality, "
                "sustainability and reasonable cost of the project, and the applicant's "
                "experience. Additional points are given to projects that involve young people "
                "from the villages, young women, young people from non-majority communities or "
                "young people with disabilities. The ranking list with each applicant's score is "
                "published, and applicants may appeal within eight days.",
            },
        },
        {
            "number": 9,
            "heading": {
                "sq": "Raportimi i përfituesve",
                "sr_Latn": "Izveštavanje korisnika",
                "bs": "Izvještavanje korisnika",
                "en": "Reporting by beneficiaries",
            },
            "text": {
                "sq": "Përfituesi i grantit e dorëzon raportin narrativ dhe financiar brenda 30 "
                "ditëve pas përfundimit të projektit, bashkë me faturat dhe dëshmitë për "
                "aktivitetet e zhvilluara. Drejtoria mund ta monitorojë zbatimin e projektit në "
                "çdo kohë. Përfituesi që nuk raporton ose i shpenzon mjetet për qëllime të tjera "
                "është i detyruar t'i kthejë ato dhe nuk ka të drejtë të aplikojë në dy thirrjet "
                "e ardhshme.",
                "sr_Latn": "Korisnik granta podnosi narativni i finansijski izveštaj u roku od 30 "
                "dana od završetka projekta, zajedno s računima i dokazima o sprovedenim "
                "aktivnostima. Direkcija može u svakom trenutku pratiti sprovođenje projekta. "
                "Korisnik koji ne podnese izveštaj ili sredstva potroši u druge svrhe dužan je da "
                "ih vrati i nema pravo da konkuriše na dva naredna poziva.",
                "bs": "Korisnik granta podnosi narativni i finansijski izvještaj u roku od 30 "
                "dana od završetka projekta, zajedno s računima i dokazima o provedenim "
                "aktivnostima. Direkcija može u svakom trenutku pratiti provođenje projekta. "
                "Korisnik koji ne podnese izvještaj ili sredstva potroši u druge svrhe dužan je "
                "vratiti ih i nema pravo prijaviti se na dva naredna poziva.",
                "en": "A grant beneficiary submits a narrative and financial report within 30 "
                "days of the end of the project, together with invoices and evidence of the "
                "activities carried out. The directorate may monitor the implementation of the "
                "project at any time. A beneficiary who fails to report or spends the funds for "
                "other purposes must return them and may not apply in the next two calls.",
            },
        },
        {
            "number": 10,
            "heading": {
                "sq": "Transparenca",
                "sr_Latn": "Transparentnost",
                "bs": "Transparentnost",
                "en": "Transparency",
            },
            "text": {
                "sq": "Komuna publikon në ueb faqen zyrtare listën e të gjithë aplikuesve, "
                "përfituesit, shumat e ndara dhe përmbledhjet e raporteve të tyre. Drejtoria për "
                "Kulturë, Rini dhe Sport përgatit çdo vit një raport për mbështetjen e dhënë, me "
                "të dhëna sipas gjinisë dhe bashkësisë lokale, dhe ia paraqet Kuvendit të "
                "Komunës. Raporti publikohet jo më vonë se në fund të muajit shkurt të vitit "
                "pasues.",
                "sr_Latn": "Opština na zvaničnom veb-sajtu objavljuje spisak svih podnosilaca "
                "prijava, korisnike, dodeljene iznose i sažetke njihovih izveštaja. Direkcija za "
                "kulturu, omladinu i sport svake godine priprema izveštaj o pruženoj podršci, s "
                "podacima po polu i mesnoj zajednici, i podnosi ga Skupštini opštine. Izveštaj se "
                "objavljuje najkasnije do kraja februara naredne godine.",
                "bs": "Općina na zvaničnoj web stranici objavljuje spisak svih podnosilaca "
                "prijava, korisnike, dodijeljene iznose i sažetke njihovih izvještaja. Direkcija "
                "za kulturu, mlade i sport svake godine priprema izvještaj o pruženoj podršci, s "
                "podacima po spolu i mjesnoj zajednici, i podnosi ga Skupštini općine. Izvještaj "
                "se objavljuje najkasnije do kraja februara naredne godine.",
                "en": "The municipality publishes on its official website the list of all "
                "applicants, the beneficiaries, the amounts awarded and summaries of their "
                "reports. Each year the Directorate for Culture, Youth and Sport prepares a "
                "report on the support given, with data by gender and local community, and "
                "submits it to the Municipal Assembly. The report is published no later than the "
                "end of February of the following year.",
            },
        },
        {
            "number": 11,
            "heading": {
                "sq": "Hyrja në fuqi",
                "sr_Latn": "Stupanje na snagu",
                "bs": "Stupanje na snagu",
                "en": "Entry into force",
            },
            "text": {
                "sq": "Kjo rregullore hyn në fuqi 15 ditë pas publikimit në Gazetën Zyrtare të "
                "Republikës së Kosovës dhe në ueb faqen e Komunës. Thirrja e parë publike sipas "
                "kësaj rregulloreje shpallet në vitin 2026.",
                "sr_Latn": "Ovaj pravilnik stupa na snagu 15 dana od objavljivanja u Službenom "
                "listu Republike Kosovo i na veb-sajtu opštine. Prvi javni poziv prema ovom "
                "pravilniku raspisuje se 2026. godine.",
                "bs": "Ovaj pravilnik stupa na snagu 15 dana od objavljivanja u Službenom listu "
                "Republike Kosovo i na web stranici općine. Prvi javni poziv prema ovom "
                "pravilniku raspisuje se 2026. godine.",
                "en": "This Regulation enters into force 15 days after its publication in the "
                "Official Gazette of the Republic of Kosovo and on the municipal website. The "
                "first public call under this Regulation is issued in 2026.",
            },
        },
    ],
}

# Comments on the act, all answered: organisations are named exactly as in
# DEMO_ORGANISATIONS (verified ones only).
PAST_COMMENTS: list[dict] = [
    {
        "article": 3,
        "author_kind": "citizen",
        "author_name": "Arta Bytyqi",
        "organisation": None,
        "language": "sq",
        "text": "Kufiri i moshës prej 24 vjetësh është i ulët. Shumë të rinj në Istog i mbarojnë "
        "studimet dhe kërkojnë punë pas moshës 25 vjeç, prandaj propozoj që rregullorja të vlejë "
        "për të rinjtë deri në 29 vjeç.",
        "gender": "female",
        "answer": {
            "outcome": "rejected",
            "reason": {
                "sq": "Përkufizimi i moshës rrjedh nga Ligji për fuqizimin dhe pjesëmarrjen e të "
                "rinjve, dhe komuna nuk mund ta ndryshojë me rregullore. Megjithatë, në "
                "organizatat rinore mund të jenë anëtarë edhe persona më të vjetër, me kusht që "
                "shumicën e përbëjnë të rinjtë.",
                "sr_Latn": "Definicija uzrasta proističe iz Zakona o osnaživanju i učešću mladih "
                "i opština je ne može menjati pravilnikom. Ipak, članovi omladinskih organizacija "
                "mogu biti i starije osobe, pod uslovom da mladi čine većinu.",
                "bs": "Definicija starosne dobi proizlazi iz Zakona o osnaživanju i učešću mladih "
                "i općina je ne može mijenjati pravilnikom. Ipak, članovi organizacija mladih "
                "mogu biti i starije osobe, pod uslovom da mladi čine većinu.",
                "en": "The age definition comes from the Law on Empowerment and Participation of "
                "Youth, and the municipality cannot change it by regulation. Older people may "
                "nevertheless be members of youth organisations, provided young people are the "
                "majority.",
            },
        },
    },
    {
        "article": 5,
        "author_kind": "cso",
        "author_name": "Dardan Krasniqi",
        "organisation": "OJQ Rinia Aktive Istog",
        "language": "sq",
        "text": "Hapësirat e Qendrës Rinore duhet të jenë të hapura edhe në mbrëmje dhe në "
        "fundjavë, sepse atëherë të rinjtë janë të lirë nga shkolla dhe puna. Propozojmë që orari "
        "i shfrytëzimit të hartohet bashkë me organizatat rinore.",
        "gender": "male",
        "answer": {
            "outcome": "partly_accepted",
            "reason": {
                "sq": "Neni 5 është plotësuar që orari i shfrytëzimit të hartohet pas konsultimit "
                "me Këshillin Lokal të Veprimit Rinor dhe të përfshijë së paku dy mbrëmje në javë "
                "dhe të shtunën. Hapja e Qendrës Rinore çdo fundjavë nuk është e mundur me stafin "
                "e tanishëm.",
                "sr_Latn": "Član 5 je dopunjen tako da se raspored korišćenja utvrđuje nakon "
                "konsultacija s Lokalnim akcionim savetom mladih i da obuhvata najmanje dve "
                "večeri nedeljno i subotu. Otvaranje Omladinskog centra svakog vikenda nije "
                "moguće s postojećim brojem zaposlenih.",
                "bs": "Član 5 je dopunjen tako da se raspored korištenja utvrđuje nakon "
                "konsultacija s Lokalnim akcionim vijećem mladih i da obuhvata najmanje dvije "
                "večeri sedmično i subotu. Otvaranje Omladinskog centra svakog vikenda nije "
                "moguće s postojećim brojem uposlenika.",
                "en": "Article 5 has been amended so that the schedule of use is set after "
                "consulting the Local Youth Action Council and includes at least two evenings a "
                "week and Saturdays. Opening the Youth Centre every weekend is not possible with "
                "its current staff.",
            },
        },
    },
    {
        "article": 6,
        "author_kind": "citizen",
        "author_name": "Nikola Jovanović",
        "organisation": None,
        "language": "sr_Latn",
        "text": "Javni poziv treba objaviti i na oglasnim tablama u mesnim zajednicama i poslati "
        "ga školama. Mladi u Osojanu retko prate opštinski sajt, pa za poziv često saznaju tek "
        "kada rok istekne.",
        "gender": "male",
        "answer": {
            "outcome": "accepted",
            "reason": {
                "sq": "Thirrja publike do të publikohet edhe në tabelat informuese në të gjitha "
                "bashkësitë lokale dhe do t'u dërgohet të gjitha shkollave fillore dhe të mesme "
                "në komunë. Kjo është shtuar shprehimisht në nenin 6.",
                "sr_Latn": "Javni poziv biće objavljen i na oglasnim tablama u svim mesnim "
                "zajednicama i biće dostavljen svim osnovnim i srednjim školama u opštini. To je "
                "izričito dodato u član 6.",
                "bs": "Javni poziv bit će objavljen i na oglasnim pločama u svim mjesnim "
                "zajednicama i bit će dostavljen svim osnovnim i srednjim školama u općini. To je "
                "izričito dodano u član 6.",
                "en": "The public call will also be posted on the notice boards in all local "
                "communities and sent to every primary and secondary school in the municipality. "
                "This has been added explicitly to Article 6.",
            },
        },
    },
    {
        "article": 7,
        "author_kind": "cso",
        "author_name": "Shqipe Rama",
        "organisation": "Shoqata e Grave të Istogut “Jeta”",
        "language": "sq",
        "text": "E mirëpresim kërkesën që së paku dy anëtarë të komisionit të jenë gra. Kërkojmë "
        "që emrat e anëtarëve të komisionit të publikohen bashkë me thirrjen, që aplikuesit të "
        "dinë kush i vlerëson dhe të mund ta sinjalizojnë konfliktin e interesit.",
        "gender": "female",
        "answer": {
            "outcome": "accepted",
            "reason": {
                "sq": "Emrat e anëtarëve të komisionit vlerësues do të publikohen bashkë me "
                "thirrjen publike, dhe çdo aplikues mund ta sinjalizojë konfliktin e interesit "
                "para fillimit të vlerësimit. Neni 7 është plotësuar në këtë kuptim.",
                "sr_Latn": "Imena članova komisije za ocenjivanje biće objavljena zajedno s "
                "javnim pozivom, a svaki podnosilac prijave može ukazati na sukob interesa pre "
                "početka ocenjivanja. Član 7 je u tom smislu dopunjen.",
                "bs": "Imena članova komisije za ocjenjivanje bit će objavljena zajedno s javnim "
                "pozivom, a svaki podnosilac prijave može ukazati na sukob interesa prije početka "
                "ocjenjivanja. Član 7 je u tom smislu dopunjen.",
                "en": "The names of the evaluation committee members will be published with the "
                "public call, and any applicant may point out a conflict of interest before the "
                "evaluation begins. Article 7 has been amended accordingly.",
            },
        },
    },
    {
        "article": 8,
        "author_kind": "citizen",
        "author_name": "Amela Hadžić",
        "organisation": None,
        "language": "bs",
        "text": "Predlažem da se dodatni bodovi daju i projektima u kojima zajedno rade mladi iz "
        "različitih zajednica i koji se provode na više jezika. Takvih projekata u našoj općini "
        "ima malo, a upravo oni najviše zbližavaju mlade.",
        "gender": "female",
        "answer": {
            "outcome": "accepted",
            "reason": {
                "sq": "Projektet që bashkojnë të rinj nga komunitete të ndryshme dhe zhvillohen "
                "në më shumë se një gjuhë do të marrin pikë shtesë. Neni 8 është plotësuar me "
                "këtë kriter.",
                "sr_Latn": "Projekti koji okupljaju mlade iz različitih zajednica i sprovode se "
                "na više od jednog jezika dobijaće dodatne bodove. Član 8 je dopunjen ovim "
                "kriterijumom.",
                "bs": "Projekti koji okupljaju mlade iz različitih zajednica i provode se na više "
                "od jednog jezika dobijat će dodatne bodove. Član 8 je dopunjen ovim kriterijem.",
                "en": "Projects that bring together young people from different communities and "
                "are carried out in more than one language will receive additional points. "
                "Article 8 has been amended with this criterion.",
            },
        },
    },
    {
        "article": 9,
        "author_kind": "citizen",
        "author_name": "Gent Rexhepi",
        "organisation": None,
        "language": "en",
        "text": "Thirty days for the final report is too short for projects that end in summer, "
        "when many volunteers are away. Please allow 60 days, or at least let the directorate "
        "extend the deadline on request.",
        "gender": "male",
        "answer": {
            "outcome": "partly_accepted",
            "reason": {
                "sq": "Afati prej 30 ditësh mbetet, sepse raportet duhet të shqyrtohen para "
                "thirrjes së ardhshme. Megjithatë, neni 9 tani i lejon drejtorisë ta zgjasë "
                "afatin një herë, deri në 30 ditë, me kërkesë të arsyetuar të dorëzuar para "
                "skadimit të afatit.",
                "sr_Latn": "Rok od 30 dana ostaje, jer izveštaji moraju biti razmotreni pre "
                "sledećeg poziva. Ipak, član 9 sada dozvoljava direkciji da rok jednom produži za "
                "najviše 30 dana, na obrazloženi zahtev podnet pre isteka roka.",
                "bs": "Rok od 30 dana ostaje, jer izvještaji moraju biti razmotreni prije "
                "sljedećeg poziva. Ipak, član 9 sada dozvoljava direkciji da rok jednom produži "
                "za najviše 30 dana, na obrazloženi zahtjev podnesen prije isteka roka.",
                "en": "The 30-day deadline stays, because reports must be reviewed before the "
                "next call. However, Article 9 now allows the directorate to extend it once by up "
                "to 30 days on a reasoned request submitted before the deadline expires.",
            },
        },
    },
    {
        "article": None,
        "author_kind": "citizen",
        "author_name": "Florent Dreshaj",
        "organisation": None,
        "language": "sq",
        "text": "Rregullorja duhet të mbështetë edhe të rinjtë individualë, jo vetëm grupet dhe "
        "organizatat. Një nxënës që shkon në një olimpiadë ose festival jashtë Kosovës shpesh nuk "
        "ka ku të kërkojë ndihmë.",
        "gender": None,
        "answer": {
            "outcome": "rejected",
            "reason": {
                "sq": "Rregullorja mbështet veprimtari kolektive që u shërbejnë të rinjve në "
                "komunë. Mbështetja individuale për pjesëmarrje në gara, olimpiada dhe festivale "
                "jepet përmes subvencioneve të veçanta të drejtorisë dhe nuk përfshihet në këtë "
                "rregullore.",
                "sr_Latn": "Pravilnik podržava kolektivne aktivnosti koje služe mladima u "
                "opštini. Pojedinačna podrška za učešće na takmičenjima, olimpijadama i "
                "festivalima dodeljuje se kroz posebne subvencije direkcije i nije obuhvaćena "
                "ovim pravilnikom.",
                "bs": "Pravilnik podržava kolektivne aktivnosti koje služe mladima u općini. "
                "Pojedinačna podrška za učešće na takmičenjima, olimpijadama i festivalima "
                "dodjeljuje se kroz posebne subvencije direkcije i nije obuhvaćena ovim "
                "pravilnikom.",
                "en": "The Regulation supports collective activities that serve young people in "
                "the municipality. Individual support for taking part in competitions, olympiads "
                "and festivals is given through the directorate's separate subsidies and is not "
                "covered by this Regulation.",
            },
        },
    },
]

# The public meeting held while the consultation was open; attendance by gender, in the
# local community named as in LOCAL_COMMUNITIES (Albanian name).
PAST_MEETING: dict = {
    "offset": -45,
    "announced_offset": -55,
    "place": {
        "sq": "Qendra Rinore në Istog, salla e madhe",
        "sr_Latn": "Omladinski centar u Istoku, velika sala",
        "bs": "Omladinski centar u Istoku, velika sala",
        "en": "Youth Centre in Istog, main hall",
    },
    "agenda": {
        "sq": "1. Hapja e takimit dhe prezantimi i projektrregullores.\n2. Llojet e mbështetjes "
        "dhe thirrja publike vjetore.\n3. Komisioni vlerësues dhe kriteret e vlerësimit.\n4. "
        "Pyetje, komente dhe propozime nga pjesëmarrësit.",
        "sr_Latn": "1. Otvaranje sastanka i predstavljanje nacrta pravilnika.\n2. Vrste podrške i "
        "godišnji javni poziv.\n3. Komisija za ocenjivanje i kriterijumi za ocenjivanje.\n4. "
        "Pitanja, komentari i predlozi učesnika.",
        "bs": "1. Otvaranje sastanka i predstavljanje nacrta pravilnika.\n2. Vrste podrške i "
        "godišnji javni poziv.\n3. Komisija za ocjenjivanje i kriteriji za ocjenjivanje.\n4. "
        "Pitanja, komentari i prijedlozi učesnika.",
        "en": "1. Opening of the meeting and presentation of the draft regulation.\n2. Kinds of "
        "support and the annual public call.\n3. The evaluation committee and the evaluation "
        "criteria.\n4. Questions, comments and proposals from participants.",
    },
    "minutes": {
        "sq": "Takimin e hapi Elira Morina nga Drejtoria për Kulturë, Rini dhe Sport, e cila "
        "prezantoi qëllimin dhe nenet kryesore të projektrregullores. Morën pjesë 25 persona, 14 "
        "gra dhe 11 burra, kryesisht të rinj, përfaqësues të organizatave rinore dhe nxënës të "
        "shkollave të mesme. Pjesëmarrësit kërkuan që Qendra Rinore të jetë e hapur edhe në "
        "mbrëmje dhe që thirrja publike t'u dërgohet shkollave dhe fshatrave. U diskutua edhe "
        "kufiri i moshës prej 24 vjetësh, të cilin disa pjesëmarrës e vlerësuan si të ulët. "
        "Drejtoria premtoi se të gjitha propozimet do të shqyrtohen dhe se përgjigjet do të "
        "publikohen në raportin e konsultimit.",
        "sr_Latn": "Sastanak je otvorila Elira Morina iz Direkcije za kulturu, omladinu i sport, "
        "koja je predstavila svrhu i glavne članove nacrta pravilnika. Prisustvovalo je 25 osoba, "
        "14 žena i 11 muškaraca, većinom mladih, predstavnika omladinskih organizacija i učenika "
        "srednjih škola. Učesnici su tražili da Omladinski centar bude otvoren i uveče i da se "
        "javni poziv dostavlja školama i selima. Razgovaralo se i o starosnoj granici od 24 "
        "godine, koju su neki učesnici ocenili kao nisku. Direkcija je obećala da će svi predlozi "
        "biti razmotreni i da će odgovori biti objavljeni u izveštaju o konsultaciji.",
        "bs": "Sastanak je otvorila Elira Morina iz Direkcije za kulturu, mlade i sport, koja je "
        "predstavila svrhu i glavne članove nacrta pravilnika. Prisustvovalo je 25 osoba, 14 žena "
        "i 11 muškaraca, većinom mladih, predstavnika organizacija mladih i učenika srednjih "
        "škola. Učesnici su tražili da Omladinski centar bude otvoren i navečer i da se javni "
        "poziv dostavlja školama i selima. Razgovaralo se i o starosnoj granici od 24 godine, "
        "koju su neki učesnici ocijenili kao nisku. Direkcija je obećala da će svi prijedlozi "
        "biti razmotreni i da će odgovori biti objavljeni u izvještaju o konsultaciji.",
        "en": "Elira Morina of the Directorate for Culture, Youth and Sport opened the meeting "
        "and presented the purpose and main articles of the draft regulation. Twenty-five people "
        "attended, 14 women and 11 men, most of them young people, representatives of youth "
        "organisations and secondary-school students. Participants asked for the Youth Centre to "
        "be open in the evenings and for the public call to be sent to schools and villages. The "
        "age limit of 24 was also discussed, and some participants found it too low. The "
        "directorate promised that all proposals would be considered and that the answers would "
        "be published in the consultation report.",
    },
    "attendance": {"female": 14, "male": 11},
    "local_community": "Istog",
}
