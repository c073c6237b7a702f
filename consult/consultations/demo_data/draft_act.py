"""The demo draft act, its comments and the civil-society organisations that commented.

A draft regulation on transparency and public participation for the Municipality of Istog, in
the four authored languages, with comments in the language each author chose.
"""

DRAFT_ACT: dict = {
    "title": {
        "sq": "Rregullore për transparencë dhe pjesëmarrje publike në Komunën e Istogut",
        "sr_Latn": "Pravilnik o transparentnosti i učešću javnosti u Opštini Istok",
        "bs": "Pravilnik o transparentnosti i učešću javnosti u Općini Istok",
        "en": "Regulation on Transparency and Public Participation in the Municipality of Istog",
    },
    "articles": [
        {
            "number": 1,
            "heading": {"sq": "Qëllimi", "sr_Latn": "Svrha", "bs": "Svrha", "en": "Purpose"},
            "text": {
                "sq": "Kjo rregullore përcakton rregullat dhe procedurat për transparencën e "
                "organeve të Komunës së Istogut dhe për pjesëmarrjen e qytetarëve në "
                "vendimmarrje. Qëllimi i saj është që qytetarët të informohen me kohë dhe të kenë "
                "mundësi reale të ndikojnë në vendimet komunale.",
                "sr_Latn": "Ovim pravilnikom utvrđuju se pravila i postupci za transparentnost "
                "organa Opštine Istok i za učešće građana u donošenju odluka. Njegova svrha je da "
                "građani budu blagovremeno obavešteni i da imaju stvarnu mogućnost da utiču na "
                "opštinske odluke.",
                "bs": "Ovim pravilnikom utvrđuju se pravila i postupci za transparentnost organa "
                "Općine Istok i za učešće građana u donošenju odluka. Njegova svrha je da građani "
                "budu pravovremeno obaviješteni i da imaju stvarnu mogućnost da utiču na općinske "
                "odluke.",
                "en": "This Regulation sets out the rules and procedures for the transparency of "
                "the bodies of the Municipality of Istog and for citizens' participation in "
                "decision-making. Its purpose is that citizens are informed in good time and have "
                "a real opportunity to influence municipal decisions.",
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
                "sq": "Rregullorja zbatohet për Kuvendin e Komunës, Kryetarin e Komunës, "
                "drejtoritë komunale dhe të gjitha njësitë e administratës komunale. Ajo "
                "zbatohet edhe për komitetet dhe trupat e tjerë që i themelon Kuvendi i Komunës.",
                "sr_Latn": "Pravilnik se primenjuje na Skupštinu opštine, predsednika opštine, "
                "opštinske direkcije i sve jedinice opštinske uprave. Primenjuje se i na odbore i "
                "druga tela koja osniva Skupština opštine.",
                "bs": "Pravilnik se primjenjuje na Skupštinu općine, načelnika općine, općinske "
                "direkcije i sve jedinice općinske uprave. Primjenjuje se i na odbore i druga "
                "tijela koja osniva Skupština općine.",
                "en": "This Regulation applies to the Municipal Assembly, the Mayor, the municipal "
                "directorates and all units of the municipal administration. It also applies to "
                "the committees and other bodies established by the Municipal Assembly.",
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
                "sq": "Për qëllimet e kësaj rregulloreje, “konsultim publik” është procesi përmes "
                "të cilit komuna kërkon mendimin e publikut për një projektakt, politikë ose "
                "plan. “Palë e interesuar” është çdo person fizik ose juridik, përfshirë "
                "organizatat e shoqërisë civile, që preket nga vendimi ose ka interes për të. "
                "“Raport i konsultimit” është dokumenti që përmbledh komentet e pranuara dhe "
                "arsyetimin e komunës për secilin prej tyre.",
                "sr_Latn": "U smislu ovog pravilnika, „javna konsultacija” je postupak kojim "
                "opština traži mišljenje javnosti o nacrtu akta, politici ili planu. "
                "„Zainteresovana strana” je svako fizičko ili pravno lice, uključujući "
                "organizacije civilnog društva, na koje odluka utiče ili koje ima interes u vezi "
                "s njom. „Izveštaj o konsultaciji” je dokument koji sažima primljene komentare i "
                "obrazloženje opštine za svaki od njih.",
                "bs": "U smislu ovog pravilnika, „javna konsultacija” je postupak kojim općina "
                "traži mišljenje javnosti o nacrtu akta, politici ili planu. „Zainteresirana "
                "strana” je svako fizičko ili pravno lice, uključujući organizacije civilnog "
                "društva, na koje odluka utiče ili koje ima interes u vezi s njom. „Izvještaj o "
                "konsultaciji” je dokument koji sažima primljene komentare i obrazloženje općine "
                "za svaki od njih.",
                "en": "For the purposes of this Regulation, “public consultation” is the process "
                "by which the municipality seeks the public's opinion on a draft act, policy or "
                "plan. “Interested party” is any natural or legal person, including "
                "civil-society organisations, affected by or interested in the decision. "
                "“Consultation report” is the document summarising the comments received and the "
                "municipality's reasons for its response to each of them.",
            },
        },
        {
            "number": 4,
            "heading": {"sq": "Parimet", "sr_Latn": "Načela", "bs": "Načela", "en": "Principles"},
            "text": {
                "sq": "Komuna vepron sipas parimeve të transparencës, llogaridhënies, "
                "gjithëpërfshirjes dhe barazisë gjinore. Askush nuk përjashtohet nga konsultimi "
                "për shkak të gjuhës, përkatësisë etnike, gjinisë, moshës ose aftësisë së "
                "kufizuar. Komuna kujdeset në veçanti që të rinjtë, gratë dhe komunitetet "
                "joshumicë të kenë qasje të barabartë në proces.",
                "sr_Latn": "Opština postupa u skladu s načelima transparentnosti, odgovornosti, "
                "inkluzivnosti i rodne ravnopravnosti. Niko ne sme biti isključen iz konsultacije "
                "zbog jezika, etničke pripadnosti, pola, starosti ili invaliditeta. Opština "
                "posebno vodi računa da mladi, žene i nevećinske zajednice imaju jednak pristup "
                "postupku.",
                "bs": "Općina postupa u skladu s načelima transparentnosti, odgovornosti, "
                "inkluzivnosti i spolne ravnopravnosti. Niko ne smije biti isključen iz "
                "konsultacije zbog jezika, etničke pripadnosti, spola, starosti ili invaliditeta. "
                "Općina posebno vodi računa da mladi, žene i nevećinske zajednice imaju jednak "
                "pristup postupku.",
                "en": "The municipality acts according to the principles of transparency, "
                "accountability, inclusiveness and gender equality. No one may be excluded from a "
                "consultation on grounds of language, ethnicity, gender, age or disability. The "
                "municipality takes particular care that young people, women and non-majority "
                "communities have equal access to the process.",
            },
        },
        {
            "number": 5,
            "heading": {
                "sq": "Publikimi i dokumenteve",
                "sr_Latn": "Objavljivanje dokumenata",
                "bs": "Objavljivanje dokumenata",
                "en": "Publication of documents",
            },
            "text": {
                "sq": "Komuna publikon në ueb faqen zyrtare aktet e miratuara, projektaktet, "
                "buxhetin, raportet financiare dhe procesverbalet e mbledhjeve të Kuvendit të "
                "Komunës. Dokumentet publikohen jo më vonë se shtatë ditë pas miratimit ose "
                "hartimit të tyre. Zyra për Informim Publik kujdeset që dokumentet të jenë të "
                "kategorizuara dhe të kërkohen lehtë.",
                "sr_Latn": "Opština na zvaničnom veb-sajtu objavljuje usvojene akte, nacrte akata, "
                "budžet, finansijske izveštaje i zapisnike sa sednica Skupštine opštine. "
                "Dokumenti se objavljuju najkasnije sedam dana nakon usvajanja ili izrade. "
                "Kancelarija za javno informisanje stara se da dokumenti budu razvrstani i da se "
                "lako pretražuju.",
                "bs": "Općina na zvaničnoj web stranici objavljuje usvojene akte, nacrte akata, "
                "budžet, finansijske izvještaje i zapisnike sa sjednica Skupštine općine. "
                "Dokumenti se objavljuju najkasnije sedam dana nakon usvajanja ili izrade. Ured "
                "za javno informisanje brine se da dokumenti budu razvrstani i da se lahko "
                "pretražuju.",
                "en": "The municipality publishes on its official website adopted acts, draft "
                "acts, the budget, financial reports and the minutes of Municipal Assembly "
                "meetings. Documents are published no later than seven days after their adoption "
                "or preparation. The Public Information Office ensures that documents are "
                "categorised and easy to search.",
            },
        },
        {
            "number": 6,
            "heading": {
                "sq": "Konsultimi publik",
                "sr_Latn": "Javna konsultacija",
                "bs": "Javna konsultacija",
                "en": "Public consultation",
            },
            "text": {
                "sq": "Çdo projektakt që prek interesat e qytetarëve i nënshtrohet konsultimit "
                "publik para se t'i dërgohet Kuvendit të Komunës. Konsultimi publik zgjat jo më "
                "pak se 15 ditë nga dita e publikimit të projektaktit. Drejtoria përgjegjëse e "
                "publikon projektaktin bashkë me një përmbledhje të shkurtër në gjuhë të "
                "thjeshtë.",
                "sr_Latn": "Svaki nacrt akta koji utiče na interese građana podleže javnoj "
                "konsultaciji pre nego što se uputi Skupštini opštine. Javna konsultacija traje "
                "najmanje 15 dana od dana objavljivanja nacrta akta. Nadležna direkcija objavljuje "
                "nacrt akta zajedno s kratkim rezimeom na jednostavnom jeziku.",
                "bs": "Svaki nacrt akta koji utiče na interese građana podliježe javnoj "
                "konsultaciji prije nego što se uputi Skupštini općine. Javna konsultacija traje "
                "najmanje 15 dana od dana objavljivanja nacrta akta. Nadležna direkcija objavljuje "
                "nacrt akta zajedno s kratkim sažetkom na jednostavnom jeziku.",
                "en": "Every draft act affecting citizens' interests is subject to public "
                "consultation before it is sent to the Municipal Assembly. A public consultation "
                "lasts at least 15 days from the day the draft act is published. The responsible "
                "directorate publishes the draft act together with a short summary in plain "
                "language.",
            },
        },
        {
            "number": 7,
            "heading": {
                "sq": "Njoftimi paraprak",
                "sr_Latn": "Prethodno obaveštenje",
                "bs": "Prethodno obavještenje",
                "en": "Preliminary notice",
            },
            "text": {
                "sq": "Komuna e njofton publikun për konsultimin e planifikuar së paku shtatë ditë "
                "para fillimit të tij. Njoftimi përmban temën, afatet, mënyrat e pjesëmarrjes dhe "
                "personin kontaktues. Njoftimi publikohet në ueb faqe, në rrjetet sociale të "
                "komunës dhe në tabelat informuese në bashkësitë lokale.",
                "sr_Latn": "Opština obaveštava javnost o planiranoj konsultaciji najmanje sedam "
                "dana pre njenog početka. Obaveštenje sadrži temu, rokove, načine učešća i "
                "kontakt osobu. Obaveštenje se objavljuje na veb-sajtu, na društvenim mrežama "
                "opštine i na oglasnim tablama u mesnim zajednicama.",
                "bs": "Općina obavještava javnost o planiranoj konsultaciji najmanje sedam dana "
                "prije njenog početka. Obavještenje sadrži temu, rokove, načine učešća i kontakt "
                "osobu. Obavještenje se objavljuje na web stranici, na društvenim mrežama općine i "
                "na oglasnim pločama u mjesnim zajednicama.",
                "en": "The municipality notifies the public of a planned consultation at least "
                "seven days before it begins. The notice states the subject, the deadlines, the "
                "ways to take part and the contact person. It is published on the website, on "
                "the municipality's social media and on the notice boards in the local "
                "communities.",
            },
        },
        {
            "number": 8,
            "heading": {
                "sq": "Takimet publike",
                "sr_Latn": "Javni sastanci",
                "bs": "Javni sastanci",
                "en": "Public meetings",
            },
            "text": {
                "sq": "Kryetari i Komunës organizon së paku dy takime publike në vit, ndërsa "
                "dëgjimet buxhetore mbahen para miratimit të buxhetit. Takimet mbahen në vende "
                "dhe orare të përshtatshme për qytetarët, përfshirë edhe bashkësitë lokale. Për "
                "çdo takim publik mbahet procesverbal, i cili publikohet brenda 15 ditëve.",
                "sr_Latn": "Predsednik opštine organizuje najmanje dva javna sastanka godišnje, a "
                "javne rasprave o budžetu održavaju se pre usvajanja budžeta. Sastanci se "
                "održavaju na mestima i u terminima pogodnim za građane, uključujući i mesne "
                "zajednice. O svakom javnom sastanku vodi se zapisnik, koji se objavljuje "
                "u roku od 15 dana.",
                "bs": "Načelnik općine organizuje najmanje dva javna sastanka godišnje, a "
                "javne rasprave o budžetu održavaju se prije usvajanja budžeta. Sastanci se "
                "održavaju na mjestima i u terminima pogodnim za građane, uključujući i mjesne "
                "zajednice. O svakom javnom sastanku vodi se zapisnik, koji se objavljuje "
                "u roku od 15 dana.",
                "en": "The Mayor holds at least two public meetings a year, and budget hearings "
                "are held before the budget is adopted. Meetings take place at venues and times "
                "convenient for citizens, including in the local communities. Minutes are kept "
                "of every public meeting and published within 15 days.",
            },
        },
        {
            "number": 9,
            "heading": {
                "sq": "Komentet dhe përgjigjet",
                "sr_Latn": "Komentari i odgovori",
                "bs": "Komentari i odgovori",
                "en": "Comments and answers",
            },
            "text": {
                "sq": "Komentet mund të jepen përmes platformës elektronike, me email, me shkrim "
                "ose gojarisht në takimet publike. Drejtoria përgjegjëse shqyrton çdo koment dhe "
                "vendos, me arsyetim, nëse e pranon, e pranon pjesërisht ose e refuzon. Raporti i "
                "konsultimit publikohet brenda 30 ditëve pas mbylljes së konsultimit dhe i "
                "bashkëngjitet projektaktit që i dërgohet Kuvendit të Komunës.",
                "sr_Latn": "Komentari se mogu dati putem elektronske platforme, imejlom, pismeno "
                "ili usmeno na javnim sastancima. Nadležna direkcija razmatra svaki komentar i "
                "odlučuje, uz obrazloženje, da li ga prihvata, delimično prihvata ili odbija. "
                "Izveštaj o konsultaciji objavljuje se u roku od 30 dana od završetka "
                "konsultacije i prilaže se nacrtu akta koji se upućuje Skupštini opštine.",
                "bs": "Komentari se mogu dati putem elektronske platforme, e-mailom, pismeno ili "
                "usmeno na javnim sastancima. Nadležna direkcija razmatra svaki komentar i "
                "odlučuje, uz obrazloženje, da li ga prihvata, djelimično prihvata ili odbija. "
                "Izvještaj o konsultaciji objavljuje se u roku od 30 dana od završetka "
                "konsultacije i prilaže se nacrtu akta koji se upućuje Skupštini općine.",
                "en": "Comments may be submitted through the electronic platform, by email, in "
                "writing or orally at public meetings. The responsible directorate reviews every "
                "comment and decides, giving reasons, whether to accept it, partly accept it or "
                "reject it. The consultation report is published within 30 days of the close of "
                "the consultation and is attached to the draft act sent to the Municipal "
                "Assembly.",
            },
        },
        {
            "number": 10,
            "heading": {"sq": "Gjuhët", "sr_Latn": "Jezici", "bs": "Jezici", "en": "Languages"},
            "text": {
                "sq": "Dokumentet për konsultim publik publikohen në gjuhët zyrtare dhe në gjuhët "
                "në përdorim zyrtar në komunë. Qytetarët kanë të drejtë të japin komente në "
                "cilëndo nga këto gjuhë dhe të marrin përgjigje në të njëjtën gjuhë. Komuna "
                "siguron përkthim në takimet publike kur e kërkojnë pjesëmarrësit.",
                "sr_Latn": "Dokumenti za javnu konsultaciju objavljuju se na službenim jezicima i "
                "na jezicima u službenoj upotrebi u opštini. Građani imaju pravo da daju "
                "komentare na bilo kom od tih jezika i da dobiju odgovor na istom jeziku. "
                "Opština obezbeđuje prevođenje na javnim sastancima kada to učesnici zatraže.",
                "bs": "Dokumenti za javnu konsultaciju objavljuju se na službenim jezicima i na "
                "jezicima u službenoj upotrebi u općini. Građani imaju pravo davati komentare na "
                "bilo kojem od tih jezika i dobiti odgovor na istom jeziku. Općina osigurava "
                "prevođenje na javnim sastancima kada to učesnici zatraže.",
                "en": "Documents for public consultation are published in the official languages "
                "and the languages in official use in the municipality. Citizens have the right "
                "to comment in any of these languages and to receive an answer in the same "
                "language. The municipality provides interpretation at public meetings when "
                "participants ask for it.",
            },
        },
        {
            "number": 11,
            "heading": {
                "sq": "Të dhënat personale",
                "sr_Latn": "Lični podaci",
                "bs": "Lični podaci",
                "en": "Personal data",
            },
            "text": {
                "sq": "Komuna i përpunon të dhënat personale të pjesëmarrësve vetëm për qëllime "
                "të konsultimit dhe në përputhje me Ligjin për mbrojtjen e të dhënave personale. "
                "Emri i qytetarit publikohet pranë komentit vetëm me pëlqimin e tij ose të saj, "
                "ndërsa adresa e emailit nuk publikohet asnjëherë. Të dhënat statistikore sipas "
                "gjinisë dhe bashkësisë lokale publikohen vetëm në formë të përmbledhur.",
                "sr_Latn": "Opština obrađuje lične podatke učesnika isključivo u svrhu "
                "konsultacije i u skladu sa Zakonom o zaštiti ličnih podataka. Ime građanina "
                "objavljuje se uz komentar samo uz njegovu ili njenu saglasnost, dok se imejl "
                "adresa nikada ne objavljuje. Statistički podaci po polu i mesnoj zajednici "
                "objavljuju se samo u zbirnom obliku.",
                "bs": "Općina obrađuje lične podatke učesnika isključivo u svrhu konsultacije i u "
                "skladu sa Zakonom o zaštiti ličnih podataka. Ime građanina objavljuje se uz "
                "komentar samo uz njegovu ili njenu saglasnost, dok se e-mail adresa nikada ne "
                "objavljuje. Statistički podaci po spolu i mjesnoj zajednici objavljuju se samo u "
                "zbirnom obliku.",
                "en": "The municipality processes participants' personal data solely for the "
                "purposes of the consultation and in accordance with the Law on Personal Data "
                "Protection. A citizen's name is published next to a comment only with his or "
                "her consent, and email addresses are never published. Statistics by gender and "
                "local community are published only in aggregate form.",
            },
        },
        {
            "number": 12,
            "heading": {
                "sq": "Hyrja në fuqi",
                "sr_Latn": "Stupanje na snagu",
                "bs": "Stupanje na snagu",
                "en": "Entry into force",
            },
            "text": {
                "sq": "Kjo rregullore hyn në fuqi 15 ditë pas publikimit në Gazetën Zyrtare të "
                "Republikës së Kosovës dhe në ueb faqen e Komunës. Me hyrjen në fuqi të kësaj "
                "rregulloreje shfuqizohet rregullorja e mëparshme për transparencë.",
                "sr_Latn": "Ovaj pravilnik stupa na snagu 15 dana od objavljivanja u Službenom "
                "listu Republike Kosovo i na veb-sajtu opštine. Stupanjem na snagu ovog "
                "pravilnika prestaje da važi prethodni pravilnik o transparentnosti.",
                "bs": "Ovaj pravilnik stupa na snagu 15 dana od objavljivanja u Službenom listu "
                "Republike Kosovo i na web stranici općine. Stupanjem na snagu ovog pravilnika "
                "prestaje važiti prethodni pravilnik o transparentnosti.",
                "en": "This Regulation enters into force 15 days after its publication in the "
                "Official Gazette of the Republic of Kosovo and on the municipal website. On its "
                "entry into force, the previous regulation on transparency ceases to have effect.",
            },
        },
    ],
}

# Civil-society organisations registered on the platform; comments name them exactly.
DEMO_ORGANISATIONS: list[dict] = [
    {
        "name": "OJQ Rinia Aktive Istog",
        "registration_number": "5116284-3",
        "sector": "youth",
        "contact_email": "info@rinia-aktive-istog.example",
        "representative": "Dardan Krasniqi",
        "verified": True,
    },
    {
        "name": "Shoqata e Grave të Istogut “Jeta”",
        "registration_number": "5113907-1",
        "sector": "women",
        "contact_email": "kontakt@gratejeta.example",
        "representative": "Shqipe Rama",
        "verified": True,
    },
    {
        "name": "Shoqata e Bizneseve të Istogut",
        "registration_number": "5117752-6",
        "sector": "business",
        "contact_email": "zyra@biznesi-istog.example",
        "representative": "Naim Hasani",
        "verified": False,
    },
]

# Comments on the draft act: six answered, the last two still waiting for an answer.
DEMO_COMMENTS: list[dict] = [
    {
        "article": 5,
        "author_kind": "citizen",
        "author_name": "Blerta Kelmendi",
        "organisation": None,
        "language": "sq",
        "text": "Propozoj që krahas procesverbalit të publikohet edhe incizimi video i seancës "
        "së Kuvendit. Shumë bashkëqytetarë në diasporë i ndjekin seancat vetëm përmes internetit.",
        "gender": "female",
        "answer": {
            "outcome": "partly_accepted",
            "reason": {
                "sq": "Seancat e Kuvendit tashmë transmetohen në kanalin YouTube të komunës. Në "
                "nenin 5 do të shtojmë detyrimin që lidhja me incizimin të publikohet bashkë me "
                "procesverbalin, por incizimi nuk zëvendëson procesverbalin zyrtar.",
                "sr_Latn": "Sednice Skupštine već se prenose na JuTjub kanalu opštine. U član 5 "
                "dodaćemo obavezu da se veza ka snimku objavi zajedno sa zapisnikom, ali snimak ne "
                "zamenjuje zvanični zapisnik.",
                "bs": "Sjednice Skupštine već se prenose na YouTube kanalu općine. U član 5 dodat "
                "ćemo obavezu da se veza ka snimku objavi zajedno sa zapisnikom, ali snimak ne "
                "zamjenjuje zvanični zapisnik.",
                "en": "Assembly sessions are already streamed on the municipality's YouTube "
                "channel. We will add to Article 5 a duty to publish the link to the recording "
                "with the minutes, but the recording does not replace the official minutes.",
            },
        },
    },
    {
        "article": 6,
        "author_kind": "cso",
        "author_name": "Dardan Krasniqi",
        "organisation": "OJQ Rinia Aktive Istog",
        "language": "sq",
        "text": "Afati prej 15 ditësh është i shkurtër për organizatat që duhet t'i konsultojnë "
        "anëtarët e tyre. Propozojmë që për aktet që prekin të rinjtë afati minimal të jetë 30 "
        "ditë.",
        "gender": "male",
        "answer": {
            "outcome": "rejected",
            "reason": {
                "sq": "Afati minimal prej 15 ditësh rrjedh nga udhëzimi administrativ për "
                "standardet minimale të konsultimit publik dhe vlen për të gjitha aktet. Neni 6 "
                "nuk e ndalon një afat më të gjatë, dhe drejtoritë mund ta zgjasin atë për aktet "
                "komplekse.",
                "sr_Latn": "Minimalni rok od 15 dana proističe iz administrativnog uputstva o "
                "minimalnim standardima javnih konsultacija i važi za sve akte. Član 6 ne "
                "zabranjuje duži rok, a direkcije ga mogu produžiti za složene akte.",
                "bs": "Minimalni rok od 15 dana proizlazi iz administrativnog uputstva o "
                "minimalnim standardima javnih konsultacija i važi za sve akte. Član 6 ne "
                "zabranjuje duži rok, a direkcije ga mogu produžiti za složene akte.",
                "en": "The 15-day minimum comes from the administrative instruction on minimum "
                "standards for public consultation and applies to all acts. Article 6 does not "
                "prevent a longer period, and directorates may extend it for complex acts.",
            },
        },
    },
    {
        "article": 7,
        "author_kind": "citizen",
        "author_name": "Dragan Milić",
        "organisation": None,
        "language": "sr_Latn",
        "text": "Obaveštenja na oglasnim tablama treba da budu i na srpskom jeziku. U Osojanu ih "
        "ljudi najčešće čitaju ispred mesne kancelarije, a ne na internetu.",
        "gender": "male",
        "answer": {
            "outcome": "accepted",
            "reason": {
                "sq": "Njoftimet në tabelat informuese do të publikohen në të gjitha gjuhët "
                "zyrtare. Kjo është shtuar shprehimisht në nenin 7.",
                "sr_Latn": "Obaveštenja na oglasnim tablama biće objavljena na svim službenim "
                "jezicima. To je izričito dodato u član 7.",
                "bs": "Obavještenja na oglasnim tablama bit će objavljena na svim službenim "
                "jezicima. To je izričito dodato u član 7.",
                "en": "Notices on the notice boards will be published in all official languages. "
                "This has been added explicitly to Article 7.",
            },
        },
    },
    {
        "article": 10,
        "author_kind": "citizen",
        "author_name": "Amra Kurtović",
        "organisation": None,
        "language": "bs",
        "text": "Predlažem da se dokumenti za konsultaciju objavljuju i na bosanskom jeziku, jer "
        "u općini živi više od hiljadu Bošnjaka. Prijevod na zahtjev stiže prekasno kada rok "
        "traje samo 15 dana.",
        "gender": "female",
        "answer": {
            "outcome": "partly_accepted",
            "reason": {
                "sq": "Njoftimi dhe përmbledhja e çdo konsultimi do të publikohen edhe në gjuhën "
                "boshnjake. Teksti i plotë përkthehet me kërkesë brenda pesë ditëve, dhe në atë "
                "rast afati për komente zgjatet për po aq ditë.",
                "sr_Latn": "Obaveštenje i sažetak svake konsultacije biće objavljeni i na "
                "bosanskom jeziku. Ceo tekst prevodi se na zahtev u roku od pet dana, a rok za "
                "komentare tada se produžava za isti broj dana.",
                "bs": "Obavještenje i sažetak svake konsultacije bit će objavljeni i na bosanskom "
                "jeziku. Cijeli tekst prevodi se na zahtjev u roku od pet dana, a rok za "
                "komentare tada se produžava za isti broj dana.",
                "en": "The notice and summary of every consultation will also be published in "
                "Bosnian. The full text is translated on request within five days, and the "
                "comment period is then extended by the same number of days.",
            },
        },
    },
    {
        "article": 11,
        "author_kind": "cso",
        "author_name": "Shqipe Rama",
        "organisation": "Shoqata e Grave të Istogut “Jeta”",
        "language": "sq",
        "text": "E mirëpresim publikimin e statistikave sipas gjinisë. Kërkojmë që raporti i "
        "konsultimit të tregojë edhe sa komente janë dhënë nga gratë dhe sa prej tyre janë "
        "pranuar.",
        "gender": "female",
        "answer": {
            "outcome": "accepted",
            "reason": {
                "sq": "Raporti i konsultimit do të përmbajë numrin e komenteve dhe shkallën e "
                "pranimit sipas gjinisë, në formë të përmbledhur. Neni 11 është plotësuar në "
                "këtë kuptim.",
                "sr_Latn": "Izveštaj o konsultaciji sadržaće broj komentara i stopu prihvatanja "
                "po polu, u zbirnom obliku. Član 11 je u skladu s tim izmenjen.",
                "bs": "Izvještaj o konsultaciji sadržavat će broj komentara i stopu prihvatanja po "
                "spolu, u zbirnom obliku. Član 11 je u skladu s tim izmijenjen.",
                "en": "The consultation report will include the number of comments and the rate "
                "of acceptance by gender, in aggregate form. Article 11 has been amended "
                "accordingly.",
            },
        },
    },
    {
        "article": None,
        "author_kind": "citizen",
        "author_name": "Arben Sylaj",
        "organisation": None,
        "language": "en",
        "text": "Please let people subscribe to email alerts for new consultations. Those of us "
        "living abroad usually hear about them only after the deadline has passed.",
        "gender": "male",
        "answer": {
            "outcome": "accepted",
            "reason": {
                "sq": "Platforma do të ofrojë njoftime me email për konsultimet e reja, dhe neni 7 "
                "do t'i përmendë ato si një nga kanalet e njoftimit paraprak.",
                "sr_Latn": "Platforma će nuditi obaveštenja imejlom o novim konsultacijama, a "
                "član 7 navešće ih kao jedan od kanala za prethodno obaveštenje.",
                "bs": "Platforma će nuditi obavještenja e-mailom o novim konsultacijama, a član 7 "
                "navest će ih kao jedan od kanala za prethodno obavještenje.",
                "en": "The platform will offer email alerts for new consultations, and Article 7 "
                "will list them as one of the channels for preliminary notice.",
            },
        },
    },
    {
        "article": 8,
        "author_kind": "cso",
        "author_name": "Naim Hasani",
        "organisation": "Shoqata e Bizneseve të Istogut",
        "language": "sq",
        "text": "Takimet publike dhe dëgjimet buxhetore të mbahen pas orës 17:00. Pronarët e "
        "bizneseve të vogla nuk mund ta mbyllin dyqanin në mes të ditës për të marrë pjesë.",
        "gender": "male",
        "answer": None,
    },
    {
        "article": 9,
        "author_kind": "citizen",
        "author_name": "Liridon Gjoka",
        "organisation": None,
        "language": "sq",
        "text": "Afati prej 30 ditësh për raportin është i gjatë. Qytetari duhet ta dijë çfarë "
        "ndodhi me komentin e tij para se projektakti të shqyrtohet në Kuvend.",
        "gender": None,
        "answer": None,
    },
]
