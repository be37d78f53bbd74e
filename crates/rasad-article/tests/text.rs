//! Plain-text articles in the style of already-extracted pages (content
//! written for these tests): stamp line, category label, widget lines,
//! comment form, caption, duplicated lead, ad label, related list.

use rasad_article::{Extractor, Reason};
use rasad_ingest::{Markup, RawArticle};

fn raw_text(origin: &str, content: &str) -> RawArticle {
    RawArticle {
        id: origin.into(),
        origin: origin.into(),
        url: None,
        title: None,
        published: None,
        source: None,
        author: None,
        markup: Markup::Text,
        content: content.into(),
        content_hash: format!("hash-of-{origin}"),
    }
}

const A1: &str = "ارتفعت واردات القمح إلى الموانئ المصرية خلال الربع الثالث من العام بنسبة تجاوزت عشرين في المئة، ما أدى إلى تراجع الأسعار في الأسواق المحلية. وقالت وزارة التموين إن المخزون الاستراتيجي يكفي لستة أشهر.";
const A2: &str = "وأوضح متحدث باسم الوزارة أن الشحنات الجديدة وصلت من روسيا ورومانيا وفرنسا، مشيرا إلى أن الحكومة وقعت عقودا طويلة الأجل لتأمين الإمدادات. وأضاف أن سعر الطن انخفض بنحو ثلاثين دولارا مقارنة بالشهر الماضي.";
const SUB: &str = "مخاوف المزارعين";
const A3: &str = "في المقابل، عبر مزارعون في محافظات الدلتا عن قلقهم من تراجع أسعار التوريد قبل موسم الحصاد المقبل. وقال أحد المزارعين: «نحتاج إلى سعر عادل يغطي تكاليف الأسمدة والري».";
const A4: &str =
    "ويرى خبراء أن استقرار الأسعار مرهون بتطورات الأسواق العالمية وسعر صرف العملة المحلية.";

fn article_one() -> String {
    // The truncated teaser copy of the lead, as exported pages often carry.
    let teaser: String = A1.split_whitespace().take(14).collect::<Vec<_>>().join(" ");
    [
        "آخر تحديث: الخميس 12 أكتوبر 2023 - 14:05",
        "",
        "اقتصاد",
        "",
        "تراجع أسعار القمح في الأسواق المحلية",
        "كتب: مازن العلي",
        "نشر في 10 أكتوبر 2023",
        "طباعة | أرسل إلى صديق | شارك",
        "",
        &teaser,
        "",
        A1,
        A2,
        "صوامع الحبوب في ميناء الإسكندرية (أرشيفية) |",
        SUB,
        A3,
        "",
        "اعلان",
        "",
        A4,
        "",
        "أ ش أ",
        "",
        "اترك تعليقاً",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول المطلوبة مشار إليها بـ *",
        "Copy to clipboard",
        "العودة إلى الأعلى",
        "",
        "اقرأ أيضا",
        "الحكومة تدرس رفع سعر توريد الأرز",
        "انخفاض أسعار الدواجن في الأسواق",
        "ارتفاع الطلب على الأسمدة مع بداية الموسم",
    ]
    .join("\n")
}

#[test]
fn seed_style_text_article() {
    let ex = Extractor::new().unwrap();
    let an = ex.analyse(&raw_text("in/a1.txt", &article_one()));
    let a = &an.article;
    assert_eq!(a.body, [A1, A2, SUB, A3, A4].join("\n"), "{:#?}", an.blocks);
    assert_eq!(
        a.title.as_deref(),
        Some("تراجع أسعار القمح في الأسواق المحلية")
    );
    assert_eq!(a.author.as_deref(), Some("مازن العلي"));
    assert_eq!(a.agency.as_deref(), Some("MENA"));
    // The dateline gives the date, the stamp (a later date) is ignored.
    assert_eq!(a.published.as_deref(), Some("2023-10-10"));
    assert!(a.warnings.iter().any(|w| w.contains("stamp")));
    assert_eq!(a.language.as_deref(), Some("ar"));
    let reason_of = |text: &str| {
        an.blocks
            .iter()
            .find(|v| v.text.starts_with(text))
            .and_then(|v| v.dropped.clone())
    };
    assert_eq!(reason_of("آخر تحديث"), Some(Reason::Stamp));
    assert_eq!(reason_of("اقتصاد"), Some(Reason::Category));
    assert_eq!(reason_of("صوامع الحبوب"), Some(Reason::Caption));
    assert_eq!(reason_of("Copy to"), Some(Reason::LatinUi));
    assert_eq!(reason_of("اقرأ أيضا"), Some(Reason::RelatedHeading));
    assert_eq!(reason_of("انخفاض أسعار"), Some(Reason::RelatedItem));
    // The first copy of the lead is the truncated one.
    assert_eq!(
        an.blocks
            .iter()
            .find(|v| A1.starts_with(v.text.as_str()))
            .and_then(|v| v.dropped.clone()),
        Some(Reason::DuplicateLead)
    );
}

const B1: &str = "أنقرة (الأناضول) - افتتح وزير النقل التركي الأحد جسرا معلقا جديدا يربط ضفتي مضيق الدردنيل، في مشروع استغرق بناؤه أربع سنوات.";
const B2: &str = "وقال الوزير خلال حفل الافتتاح إن الجسر سيختصر زمن العبور من ساعة ونصف إلى ست دقائق فقط. وأشار إلى أن كلفة المشروع بلغت نحو ثلاثة مليارات دولار؟ لا، بل تجاوزتها بقليل بحسب الأرقام النهائية.";
const B3: &str =
    "ويتوقع مسؤولون أن يعبر الجسر يوميا نحو أربعين ألف مركبة خلال العام الأول من تشغيله!";

fn article_two() -> String {
    [
        "الرئيسية",
        "تركيا تفتتح جسرا جديدا فوق مضيق الدردنيل",
        "هدى يلماز",
        "الأحد ٥ آذار ٢٠١٧",
        "شارك على فيسبوك",
        "Share on Twitter",
        B1,
        B2,
        B3,
        "المصدر: الأناضول",
        "أخبار متعلقة",
        "افتتاح مطار جديد في إسطنبول",
        "ارتفاع عدد السياح في أنطاليا",
        "إغلاق",
    ]
    .join("\r\n")
}

#[test]
fn levantine_months_bare_byline_and_source_agency() {
    let ex = Extractor::new().unwrap();
    let an = ex.analyse(&raw_text("in/b1.txt", &article_two()));
    let a = &an.article;
    assert_eq!(a.body, [B1, B2, B3].join("\n"), "{:#?}", an.blocks);
    assert_eq!(
        a.title.as_deref(),
        Some("تركيا تفتتح جسرا جديدا فوق مضيق الدردنيل")
    );
    assert_eq!(a.author.as_deref(), Some("هدى يلماز"));
    assert_eq!(a.agency.as_deref(), Some("Anadolu"));
    assert_eq!(a.published.as_deref(), Some("2017-03-05"));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn related_list_without_heading_and_no_bare_subheading_as_byline() {
    let ex = Extractor::new().unwrap();
    // A short line after the title that contains a function word is a
    // subheading-like line, not a name; a title list at the end is related.
    let text = [
        "اجتماع وزاري عربي في القاهرة",
        "اجتماع في الجامعة العربية",
        A2,
        A4,
        "تراجع أسعار الذهب عالميا",
        "البورصة تغلق على ارتفاع",
        "منتخب الشباب يتأهل إلى النهائي",
    ]
    .join("\n");
    let an = ex.analyse(&raw_text("in/c.txt", &text));
    assert_eq!(an.article.author, None);
    assert_eq!(an.article.body, [A2, A4].join("\n"), "{:#?}", an.blocks);
    assert_eq!(an.article.agency, None);
    assert_eq!(an.article.published, None);
}

#[test]
fn container_title_and_date_win() {
    let ex = Extractor::new().unwrap();
    let mut raw = raw_text("in/d.txt", &article_two());
    raw.title = Some("جسر الدردنيل يفتح أمام السيارات".into());
    raw.published = Some("2017-03-06".into());
    raw.source = Some("وكالة محلية".into());
    let a = ex.extract(&raw);
    assert_eq!(a.title.as_deref(), Some("جسر الدردنيل يفتح أمام السيارات"));
    assert_eq!(a.published.as_deref(), Some("2017-03-06"));
    // Text headline still recognised and kept out of the body.
    assert_eq!(a.body, [B1, B2, B3].join("\n"));
    raw.published = Some("غدا".into());
    let a = ex.extract(&raw);
    assert_eq!(a.published.as_deref(), Some("2017-03-05"));
    assert!(a.warnings.iter().any(|w| w.contains("container date")));
}

#[test]
fn site_repetition_learnt_across_batch() {
    let furniture = "بوابة الصباح الإخبارية الأولى";
    let docs: Vec<RawArticle> = [A1, A2, A3, A4, B2]
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let text = format!("{furniture}\nعنوان الخبر رقم {i} اليوم\n{p}\n");
            raw_text(&format!("site/x/{i}.txt"), &text)
        })
        .collect();
    let mut ex = Extractor::new().unwrap();
    // Before learning, the repeated line looks like a headline.
    assert_eq!(ex.extract(&docs[0]).title.as_deref(), Some(furniture));
    for d in &docs {
        ex.observe(d);
    }
    // Observing the same record twice does not count twice.
    ex.observe(&docs[0]);
    let seg = ex.segment(&docs[0]);
    assert_eq!(ex.site_profile(&seg.site).map(|p| p.documents()), Some(5));
    for (d, p) in docs.iter().zip([A1, A2, A3, A4, B2]) {
        let an = ex.analyse(d);
        assert_eq!(an.article.body, p);
        assert!(an
            .article
            .title
            .as_deref()
            .unwrap()
            .starts_with("عنوان الخبر"));
        assert_eq!(an.blocks[0].dropped, Some(Reason::Repeated));
    }
    // Another folder is another site: nothing learnt there.
    let other = raw_text("elsewhere/1.txt", &format!("{furniture}\n{A1}\n"));
    assert_eq!(ex.extract(&other).title.as_deref(), Some(furniture));
}

#[test]
fn english_and_mixed_language() {
    let ex = Extractor::new().unwrap();
    let en = "Ministers met in Geneva on Monday to discuss the ceasefire. The talks will resume next week, officials said.";
    let a = ex.extract(&raw_text("e.txt", en));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.body, en);
    let mixed = "The summit قمة in Geneva جنيف was short والمحادثات.";
    assert_eq!(ex.extract(&raw_text("m.txt", mixed)).language, None);
}

#[test]
fn arbitrary_text_never_panics_and_keeps_sentences() {
    let ex = Extractor::new().unwrap();
    let samples = [
        "",
        "\n\n\n",
        "(",
        "المصدر",
        "بقلم:",
        "١٢/١٢/١٢١٢",
        "أ",
        "ـــــ",
        "\u{200f}\u{200e}",
        "(أ ف ب",
        "كتب:\nالمصدر /\n)\n|",
    ];
    for s in samples {
        let _ = ex.extract(&raw_text("x.txt", s));
    }
    // Every long punctuated line of a furniture-free text survives.
    let text = [A1, A2, A3, A4, B1, B2, B3].join("\n");
    assert_eq!(ex.extract(&raw_text("y.txt", &text)).body, text);
}

#[test]
fn short_sentences_alone_are_the_body() {
    let ex = Extractor::new().unwrap();
    // A one-sentence dispatch with no paragraph of six words or more.
    let one = "اتهم الوزير الحكومة بالتقصير.";
    assert_eq!(ex.extract(&raw_text("one.txt", one)).body, one);
    let two = "اتهم الوزير الحكومة بالتقصير.\nونفت الحكومة ذلك.";
    assert_eq!(ex.extract(&raw_text("two.txt", two)).body, two);
    // Short lines without a full stop stay furniture.
    let labels = "اقتصاد\nأخبار محلية\nشارك";
    assert_eq!(ex.extract(&raw_text("labels.txt", labels)).body, "");
}
