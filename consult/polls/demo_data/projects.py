"""Candidate capital projects for the demo poll on priority capital projects.

`local_community` is the Albanian name exactly as in `data.LOCAL_COMMUNITIES`; `directorate` is
a code from `data.DIRECTORATES`. Costs are in euros.
"""

POLL_BUDGET: int = 300000

CAPITAL_PROJECTS: list[dict] = [
    {
        "key": "rruga-dobrushe",
        "title": {
            "sq": "Asfaltimi i rrugës kryesore në Dobrushë",
            "sr_Latn": "Asfaltiranje glavnog puta u Dobruši",
            "bs": "Asfaltiranje glavnog puta u Dobruši",
            "en": "Asphalting the main road in Dobrushë",
        },
        "description": {
            "sq": "Asfaltimi i rreth 1,8 km rrugë me kanale anësore për ujërat atmosferike. "
            "Rruga i lidh lagjet e fshatit me shkollën dhe me rrugën rajonale.",
            "sr_Latn": "Asfaltiranje oko 1,8 km puta sa bočnim kanalima za atmosferske vode. "
            "Put povezuje delove sela sa školom i regionalnim putem.",
            "bs": "Asfaltiranje oko 1,8 km puta s bočnim kanalima za oborinske vode. Put "
            "povezuje dijelove sela sa školom i regionalnim putem.",
            "en": "Asphalting about 1.8 km of road with side drains for rainwater. The road "
            "links the village's neighbourhoods with the school and the regional road.",
        },
        "cost": 120000,
        "local_community": "Dobrushë",
        "directorate": "PUB",
    },
    {
        "key": "kendi-lojerave-vrelle",
        "title": {
            "sq": "Kënd lojërash për fëmijë në Vrellë",
            "sr_Latn": "Dečje igralište u Vrelu",
            "bs": "Dječije igralište u Vrelu",
            "en": "Children's playground in Vrellë",
        },
        "description": {
            "sq": "Kënd lojërash me pajisje të sigurta dhe sipërfaqe gome pranë shkollës fillore. "
            "Hapësira do të jetë e qasshme edhe për fëmijët me aftësi të kufizuara.",
            "sr_Latn": "Igralište sa bezbednim spravama i gumenom podlogom pored osnovne škole. "
            "Prostor će biti pristupačan i deci sa invaliditetom.",
            "bs": "Igralište sa sigurnim spravama i gumenom podlogom pored osnovne škole. "
            "Prostor će biti pristupačan i djeci s invaliditetom.",
            "en": "A playground with safe equipment and a rubber surface next to the primary "
            "school. It will also be accessible to children with disabilities.",
        },
        "cost": 25000,
        "local_community": "Vrellë",
        "directorate": "URB",
    },
    {
        "key": "ndricimi-rakosh",
        "title": {
            "sq": "Ndriçimi publik në Rakosh",
            "sr_Latn": "Javna rasveta u Rakošu",
            "bs": "Javna rasvjeta u Rakošu",
            "en": "Street lighting in Rakosh",
        },
        "description": {
            "sq": "Vendosja e 60 ndriçuesve LED përgjatë rrugës kryesore dhe rrugës për në "
            "shkollë. Ndriçuesit me efikasitet energjetik ulin shpenzimet e komunës për rrymë.",
            "sr_Latn": "Postavljanje 60 LED svetiljki duž glavnog puta i puta do škole. "
            "Energetski efikasne svetiljke smanjuju troškove opštine za struju.",
            "bs": "Postavljanje 60 LED svjetiljki duž glavnog puta i puta do škole. Energetski "
            "efikasne svjetiljke smanjuju troškove općine za struju.",
            "en": "Installing 60 LED lamps along the main road and the road to the school. "
            "Energy-efficient lamps cut the municipality's electricity bill.",
        },
        "cost": 45000,
        "local_community": "Rakosh",
        "directorate": "PUB",
    },
    {
        "key": "ujesjellesi-studenice",
        "title": {
            "sq": "Zgjerimi i rrjetit të ujësjellësit në Studenicë",
            "sr_Latn": "Proširenje vodovodne mreže u Studenici",
            "bs": "Proširenje vodovodne mreže u Studenici",
            "en": "Extending the water supply network in Studenicë",
        },
        "description": {
            "sq": "Shtrirja e 3,5 km gypave të rinj për lagjet e sipërme, që sot furnizohen nga "
            "puset. Rreth 120 familje do të lidhen me ujësjellësin publik.",
            "sr_Latn": "Polaganje 3,5 km novih cevi za gornje zaseoke, koji se danas snabdevaju "
            "iz bunara. Oko 120 domaćinstava biće priključeno na javni vodovod.",
            "bs": "Polaganje 3,5 km novih cijevi za gornje zaseoke, koji se danas snabdijevaju "
            "iz bunara. Oko 120 domaćinstava bit će priključeno na javni vodovod.",
            "en": "Laying 3.5 km of new pipes for the upper neighbourhoods, which today rely on "
            "wells. About 120 households will be connected to the public water supply.",
        },
        "cost": 150000,
        "local_community": "Studenicë",
        "directorate": "PUB",
    },
    {
        "key": "kulmi-salles-sportive",
        "title": {
            "sq": "Riparimi i kulmit të sallës sportive në Istog",
            "sr_Latn": "Sanacija krova sportske hale u Istoku",
            "bs": "Sanacija krova sportske dvorane u Istoku",
            "en": "Repairing the sports hall roof in Istog",
        },
        "description": {
            "sq": "Zëvendësimi i kulmit që pikon dhe izolimi termik i sallës. Salla përdoret nga "
            "shkollat dhe klubet sportive të komunës.",
            "sr_Latn": "Zamena krova koji prokišnjava i toplotna izolacija hale. Halu koriste "
            "škole i sportski klubovi opštine.",
            "bs": "Zamjena krova koji prokišnjava i toplotna izolacija dvorane. Dvoranu koriste "
            "škole i sportski klubovi općine.",
            "en": "Replacing the leaking roof and insulating the hall. The hall is used by the "
            "municipality's schools and sports clubs.",
        },
        "cost": 95000,
        "local_community": "Istog",
        "directorate": "CYS",
    },
    {
        "key": "parku-istog",
        "title": {
            "sq": "Rregullimi i parkut të qytetit në Istog",
            "sr_Latn": "Uređenje gradskog parka u Istoku",
            "bs": "Uređenje gradskog parka u Istoku",
            "en": "Landscaping the town park in Istog",
        },
        "description": {
            "sq": "Shtigje për këmbësorë, ulëse, gjelbërim dhe ndriçim në parkun afër qendrës së "
            "qytetit. Parku do të ketë edhe një hapësirë për ngjarje kulturore në natyrë.",
            "sr_Latn": "Pešačke staze, klupe, zelenilo i rasveta u parku blizu centra grada. "
            "Park će imati i prostor za kulturne događaje na otvorenom.",
            "bs": "Pješačke staze, klupe, zelenilo i rasvjeta u parku blizu centra grada. Park "
            "će imati i prostor za kulturne događaje na otvorenom.",
            "en": "Footpaths, benches, planting and lighting in the park near the town centre. "
            "The park will also have a space for open-air cultural events.",
        },
        "cost": 140000,
        "local_community": "Istog",
        "directorate": "URB",
    },
    {
        "key": "ura-kaliqan",
        "title": {
            "sq": "Ura mbi përroin në Kaliqan",
            "sr_Latn": "Most preko potoka u Kaličanu",
            "bs": "Most preko potoka u Kaličanu",
            "en": "Bridge over the stream in Kaliqan",
        },
        "description": {
            "sq": "Ndërtimi i një ure betoni për automjete në vend të urës së vjetër prej druri. "
            "Ura e lidh lagjen e epërme të fshatit me rrugën për në Istog.",
            "sr_Latn": "Izgradnja betonskog mosta za vozila umesto starog drvenog mosta. Most "
            "povezuje gornji deo sela s putem za Istok.",
            "bs": "Izgradnja betonskog mosta za vozila umjesto starog drvenog mosta. Most "
            "povezuje gornji dio sela s putem za Istok.",
            "en": "Building a concrete road bridge to replace the old wooden one. The bridge "
            "connects the upper part of the village with the road to Istog.",
        },
        "cost": 80000,
        "local_community": "Kaliqan",
        "directorate": "PUB",
    },
    {
        "key": "kopshti-gurrakoc",
        "title": {
            "sq": "Dhomë e re në kopshtin e fëmijëve në Gurrakoc",
            "sr_Latn": "Nova prostorija u vrtiću u Đurakovcu",
            "bs": "Nova prostorija u vrtiću u Đurakovcu",
            "en": "A new room at the kindergarten in Gurrakoc",
        },
        "description": {
            "sq": "Shtimi i një dhome të pajisur për 25 fëmijë të moshës parashkollore. Kështu "
            "shkurtohet lista e pritjes për regjistrim në kopsht.",
            "sr_Latn": "Dogradnja jedne opremljene prostorije za 25 dece predškolskog uzrasta. "
            "Time se skraćuje lista čekanja za upis u vrtić.",
            "bs": "Dogradnja jedne opremljene prostorije za 25 djece predškolskog uzrasta. Time "
            "se skraćuje lista čekanja za upis u vrtić.",
            "en": "Adding an equipped room for 25 pre-school children. This shortens the "
            "waiting list for kindergarten places.",
        },
        "cost": 60000,
        "local_community": "Gurrakoc",
        "directorate": "EDU",
    },
    {
        "key": "shtegu-mokna",
        "title": {
            "sq": "Shtegu turistik i Moknës",
            "sr_Latn": "Turistička staza na Mokroj gori",
            "bs": "Turistička staza na Mokroj gori",
            "en": "Mokna tourist trail",
        },
        "description": {
            "sq": "Shënjimi i një shtegu 12 km nga Lubozhda deri te liqenet malore të Moknës, me "
            "tabela informuese dhe pika pushimi. Projekti mbështet turizmin malor dhe bizneset "
            "vendore.",
            "sr_Latn": "Obeležavanje staze od 12 km od Ljubožde do planinskih jezera na Mokroj "
            "gori, sa informativnim tablama i odmorištima. Projekat podržava planinski turizam "
            "i lokalne preduzetnike.",
            "bs": "Označavanje staze od 12 km od Ljubožde do planinskih jezera na Mokroj gori, s "
            "informativnim tablama i odmorištima. Projekt podržava planinski turizam i lokalne "
            "poduzetnike.",
            "en": "Waymarking a 12 km trail from Lubozhdë to the mountain lakes of Mokna, with "
            "information boards and rest points. The project supports mountain tourism and "
            "local businesses.",
        },
        "cost": 35000,
        "local_community": "Lubozhdë",
        "directorate": "ECO",
    },
    {
        "key": "rruga-qendra-termale-banje",
        "title": {
            "sq": "Rruga hyrëse për në Qendrën termale në Banjë",
            "sr_Latn": "Pristupni put do termalnog centra u Banji",
            "bs": "Pristupni put do termalnog centra u Banji",
            "en": "Access road to the thermal centre in Banjë",
        },
        "description": {
            "sq": "Zgjerimi dhe asfaltimi i rrugës hyrëse, me trotuar dhe parking për vizitorët. "
            "Qasja më e mirë sjell më shumë vizitorë në qendrën termale.",
            "sr_Latn": "Proširenje i asfaltiranje pristupnog puta, sa trotoarom i parkingom za "
            "posetioce. Bolji pristup dovodi više posetilaca u termalni centar.",
            "bs": "Proširenje i asfaltiranje pristupnog puta, s trotoarom i parkingom za "
            "posjetioce. Bolji pristup dovodi više posjetilaca u termalni centar.",
            "en": "Widening and asphalting the access road, with a pavement and visitor "
            "parking. Better access brings more visitors to the thermal centre.",
        },
        "cost": 180000,
        "local_community": "Banjë",
        "directorate": "PUB",
    },
]

#: the candidates of last year's poll (closed, with results)
PAST_CAPITAL_PROJECTS: list[dict] = [
    {
        "key": "trotuari-istog-dubrave",
        "title": {
            "sq": "Trotuari Istog–Dubravë",
            "sr_Latn": "Trotoar Istok–Dubrava",
            "bs": "Trotoar Istok–Dubrava",
            "en": "Istog–Dubravë pavement",
        },
        "description": {
            "sq": "Trotuar prej 1,2 km përgjatë rrugës rajonale, për këmbësorët dhe nxënësit.",
            "sr_Latn": "Trotoar od 1,2 km duž regionalnog puta, za pešake i učenike.",
            "bs": "Trotoar od 1,2 km duž regionalnog puta, za pješake i učenike.",
            "en": "A 1.2 km pavement along the regional road, for pedestrians and pupils.",
        },
        "cost": 90000,
        "local_community": "Dubravë",
        "directorate": "PUB",
    },
    {
        "key": "fusha-sportive-tucep",
        "title": {
            "sq": "Fushë sportive në Tuçep",
            "sr_Latn": "Sportski teren u Tučepu",
            "bs": "Sportski teren u Tučepu",
            "en": "Sports ground in Tuçep",
        },
        "description": {
            "sq": "Fushë me bar artificial dhe ndriçim pranë shkollës së fshatit.",
            "sr_Latn": "Teren sa veštačkom travom i rasvetom pored seoske škole.",
            "bs": "Teren s vještačkom travom i rasvjetom pored seoske škole.",
            "en": "An artificial-turf pitch with lighting next to the village school.",
        },
        "cost": 60000,
        "local_community": "Tuçep",
        "directorate": "CYS",
    },
    {
        "key": "ujesjellesi-mojstir",
        "title": {
            "sq": "Rezervuari i ujit në Mojstir",
            "sr_Latn": "Rezervoar za vodu u Mojstiru",
            "bs": "Rezervoar za vodu u Mojstiru",
            "en": "Water reservoir in Mojstir",
        },
        "description": {
            "sq": "Rezervuar i ri prej 200 m³ që siguron ujë edhe gjatë verës.",
            "sr_Latn": "Novi rezervoar od 200 m³ koji obezbeđuje vodu i tokom leta.",
            "bs": "Novi rezervoar od 200 m³ koji osigurava vodu i tokom ljeta.",
            "en": "A new 200 m³ reservoir that keeps water flowing through the summer.",
        },
        "cost": 120000,
        "local_community": "Mojstir",
        "directorate": "PUB",
    },
    {
        "key": "biblioteka-gurrakoc",
        "title": {
            "sq": "Biblioteka e fshatit në Gurrakoc",
            "sr_Latn": "Seoska biblioteka u Đurakovcu",
            "bs": "Seoska biblioteka u Đurakovcu",
            "en": "Village library in Gurrakoc",
        },
        "description": {
            "sq": "Rregullimi i një salle në shtëpinë e kulturës si bibliotekë dhe sallë leximi.",
            "sr_Latn": "Uređenje sale u domu kulture kao biblioteke i čitaonice.",
            "bs": "Uređenje sale u domu kulture kao biblioteke i čitaonice.",
            "en": "Fitting out a room of the culture house as a library and reading room.",
        },
        "cost": 40000,
        "local_community": "Gurrakoc",
        "directorate": "CYS",
    },
    {
        "key": "rruga-koshe",
        "title": {
            "sq": "Asfaltimi i rrugës në Koshë",
            "sr_Latn": "Asfaltiranje puta u Košu",
            "bs": "Asfaltiranje puta u Košu",
            "en": "Asphalting the road in Koshë",
        },
        "description": {
            "sq": "Asfaltimi i 1,5 km rrugë që lidh lagjen e poshtme me qendrën e fshatit.",
            "sr_Latn": "Asfaltiranje 1,5 km puta koji povezuje donji zaselak sa centrom sela.",
            "bs": "Asfaltiranje 1,5 km puta koji povezuje donji zaselak s centrom sela.",
            "en": "Asphalting 1.5 km of road linking the lower neighbourhood to the village "
            "centre.",
        },
        "cost": 150000,
        "local_community": "Koshë",
        "directorate": "PUB",
    },
]
