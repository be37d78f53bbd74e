//! HTML pages built around article text written for these tests, wrapped in
//! the usual furniture: navigation, breadcrumbs, share bar, cookie banner,
//! comment form, related links, footer. The body must be exactly the
//! article's paragraphs.

use rasad_article::{Extractor, Reason};
use rasad_ingest::{Markup, RawArticle};

fn raw_html(content: String) -> RawArticle {
    RawArticle {
        id: "t".into(),
        origin: "tests/page.html".into(),
        url: Some("https://www.example.org/news/1".into()),
        title: None,
        published: None,
        source: None,
        author: None,
        markup: Markup::Html,
        content,
        content_hash: "h".into(),
    }
}

const P1: &str = "عمان (أ ف ب) - أعلنت الحكومة الأردنية الثلاثاء خطة طارئة لمواجهة موجة الجفاف التي تضرب المملكة منذ ثلاثة أشهر. وقال وزير المياه في مؤتمر صحافي إن الخطة تتضمن حفر عشرين بئرا جديدة في المحافظات الجنوبية.";
const P2: &str = "وأوضح الوزير أن مخزون السدود تراجع إلى أدنى مستوى له منذ عقدين، مشيرا إلى أن الاستهلاك المنزلي ارتفع بنسبة خمسة عشر في المئة خلال الصيف. وأضاف أن الحكومة ستخصص مئة مليون دينار لتمويل المشاريع العاجلة.";
const P3: &str = "من جهتها، رحبت نقابة المزارعين بالخطة، لكنها طالبت بتعويض المتضررين من تلف المحاصيل. وقال رئيس النقابة إن «المزارع الصغير يدفع الثمن الأكبر لهذه الأزمة».";
const P4: &str = "ويعد الأردن من أفقر دول العالم بالمياه، إذ لا تتجاوز حصة الفرد السنوية مئة متر مكعب. ويستضيف البلد أكثر من مليون لاجئ، ما يزيد الضغط على الموارد الشحيحة.";
const P5: &str = "ومن المقرر أن يعرض الوزير تفاصيل الخطة أمام البرلمان الأسبوع المقبل.";

fn page_one() -> String {
    // P2 carries an inline link, as articles often do.
    let p2_linked = P2.replacen("مخزون السدود", "<a href=\"/dams\">مخزون السدود</a>", 1);
    format!(
        r##"<!DOCTYPE html>
<html lang="ar" dir="rtl"><head>
<meta charset="utf-8">
<title>الأردن يعلن خطة طارئة لمواجهة الجفاف - صحيفة المساء</title>
<meta property="og:title" content="الأردن يعلن خطة طارئة لمواجهة الجفاف">
<meta property="og:site_name" content="صحيفة المساء">
<meta property="article:published_time" content="2023-06-13T09:30:00+03:00">
<style>.share-bar {{ display: flex; }}</style>
<script>var tpl = "<p>هذا نص داخل سكربت لا يظهر للقارئ.</p>";</script>
</head>
<body>
<div class="cookie-banner"><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.</p><button>موافق</button></div>
<header class="site-header"><a href="/">صحيفة المساء</a></header>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/local">محليات</a></li><li><a href="/eco">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">الرئيسية</a> &gt; <a href="/local">محليات</a></div>
<main>
<article>
<h1>الأردن يعلن خطة طارئة لمواجهة الجفاف</h1>
<div class="author-name">بقلم: سامر الخطيب</div>
<div class="update-info">آخر تحديث: 14 يونيو 2023</div>
<div class="share-bar"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a> <span>طباعة</span></div>
<figure><img src="dam.jpg" alt=""><figcaption>سد الملك طلال في شمال الأردن (أرشيف)</figcaption></figure>
<div class="article-body">
<p>{P1}</p>
<p>{p2_linked}</p>
<p>{P3}</p>
<div class="ad-slot">إعلان</div>
<p>{P4}</p>
<p>   {P5}
</p>
</div>
<div class="tags"><a href="/t/1">الأردن</a> <a href="/t/2">المياه</a></div>
</article>
<div><h3>اقرأ أيضا</h3><ul>
<li><a href="/a">ارتفاع درجات الحرارة في عمان خلال عطلة نهاية الأسبوع</a></li>
<li><a href="/b">افتتاح محطة جديدة لتحلية المياه في العقبة</a></li>
</ul></div>
<section class="related-articles"><h3>أخبار ذات صلة</h3><ul>
<li><a href="/c">البنك الدولي يمول مشروعا للري في وادي الأردن</a></li>
<li><a href="/d">المزارعون يطالبون بخفض أسعار الأعلاف</a></li>
</ul></section>
<div id="comments"><h3>التعليقات</h3>
<form><textarea name="c"></textarea><p>لن يتم نشر عنوان بريدك الإلكتروني.</p><button>أرسل التعليق</button></form>
<p>لا توجد تعليقات بعد</p>
</div>
</main>
<div class="most-read"><h4>الأكثر قراءة</h4><ol><li><a href="/e">أسعار الذهب اليوم في السوق المحلي</a></li></ol></div>
<footer><p>جميع الحقوق محفوظة © 2023 صحيفة المساء</p></footer>
</body></html>"##
    )
}

#[test]
fn utf8_page_body_and_metadata() {
    let ex = Extractor::new().unwrap();
    let an = ex.analyse(&raw_html(page_one()));
    let a = &an.article;
    assert_eq!(a.body, [P1, P2, P3, P4, P5].join("\n"), "{:#?}", an.blocks);
    assert_eq!(
        a.title.as_deref(),
        Some("الأردن يعلن خطة طارئة لمواجهة الجفاف")
    );
    assert_eq!(a.author.as_deref(), Some("سامر الخطيب"));
    assert_eq!(a.agency.as_deref(), Some("AFP"));
    assert_eq!(a.source_name.as_deref(), Some("صحيفة المساء"));
    // The meta date wins; the "last updated" stamp is reported, not used.
    assert_eq!(a.published.as_deref(), Some("2023-06-13"));
    assert!(
        a.warnings.iter().any(|w| w.contains("stamp")),
        "{:?}",
        a.warnings
    );
    assert_eq!(a.language.as_deref(), Some("ar"));
    // The unhinted "read also" list goes as a related list.
    assert!(an
        .blocks
        .iter()
        .any(|v| v.dropped == Some(Reason::RelatedHeading)));
}

const Q1: &str = "بيروت (رويترز) - وقعت الحكومة اللبنانية الاثنين اتفاقا مع مجموعة من المانحين لإعادة إعمار الأرصفة المتضررة في مرفأ بيروت. وتبلغ قيمة الاتفاق نحو مئتي مليون دولار تدفع على ثلاث مراحل.";
const Q2: &str = "وقال رئيس الوزراء في كلمة خلال حفل التوقيع إن المرفأ سيعود إلى العمل بكامل طاقته خلال عامين. وأكد أن الحكومة ستنشر تقارير دورية عن مراحل التنفيذ لضمان الشفافية.";
const SUBHEAD: &str = "ردود فعل دولية";
const Q3: &str = "ورحب الاتحاد الأوروبي بالاتفاق، ودعا في بيان إلى إجراء إصلاحات إدارية في إدارة المرفأ. كما أعلن البنك الدولي استعداده لتقديم دعم فني للمشروع.";
const Q4: &str = "ويعاني لبنان منذ سنوات من أزمة اقتصادية حادة أدت إلى انهيار العملة المحلية. ويرى خبراء أن إعادة تشغيل المرفأ قد تساهم في تنشيط حركة التجارة.";

fn page_two() -> String {
    format!(
        r##"<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>إعادة إعمار مرفأ بيروت باتفاق مع المانحين | الخبر اليوم</title>
<meta name="author" content="ليلى حداد">
</head><body>
<div id="top-bar"><a href="/login">تسجيل الدخول</a> | <a href="/subscribe">اشترك الآن</a></div>
<ul class="nav"><li><a href="/">الرئيسية</a></li><li><a href="/world">عربي ودولي</a></li></ul>
<div class="content">
<h1>إعادة إعمار مرفأ بيروت باتفاق مع المانحين</h1>
<time datetime="2021-03-02T08:00:00Z">2 آذار 2021</time>
<div class="social-share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<p>{Q1}</p>
<p>{Q2}</p>
<h2>{SUBHEAD}</h2>
<p>{Q3}</p>
<table><tr><td><img src="ad.gif"></td><td><a href="/ad">مساحة إعلانية</a></td></tr></table>
<p>{Q4}</p>
<p>رويترز</p>
</div>
<div class="comments-area"><h3>أضف تعليق</h3><p>الاسم</p><p>البريد الإلكتروني</p></div>
<div class="footer-links"><a href="/about">من نحن</a> | <a href="/privacy">سياسة الخصوصية</a></div>
</body></html>"##
    )
}

#[test]
fn windows_1256_page_decoded_like_ingest() {
    let html = page_two();
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1256.encode(&html);
    assert!(
        !had_errors,
        "test page must be representable in windows-1256"
    );
    assert_ne!(bytes.as_ref(), html.as_bytes());
    // Ingest decodes with the declared charset and hands over a String.
    let (decoded, _, bad) = encoding_rs::WINDOWS_1256.decode(&bytes);
    assert!(!bad);
    let ex = Extractor::new().unwrap();
    let an = ex.analyse(&raw_html(decoded.into_owned()));
    let a = &an.article;
    assert_eq!(
        a.body,
        [Q1, Q2, SUBHEAD, Q3, Q4].join("\n"),
        "{:#?}",
        an.blocks
    );
    assert_eq!(
        a.title.as_deref(),
        Some("إعادة إعمار مرفأ بيروت باتفاق مع المانحين")
    );
    assert_eq!(a.author.as_deref(), Some("ليلى حداد"));
    assert_eq!(a.agency.as_deref(), Some("Reuters"));
    assert_eq!(a.published.as_deref(), Some("2021-03-02"));
    assert_eq!(a.language.as_deref(), Some("ar"));
}

#[test]
fn container_metadata_wins_and_bad_dates_are_rejected() {
    let ex = Extractor::new().unwrap();
    let mut raw = raw_html(page_one().replace("2023-06-13T09:30:00+03:00", "2099-01-01"));
    let a = ex.extract(&raw);
    // A future meta date is implausible; the stamp is still not used.
    assert_eq!(a.published, None);
    raw.title = Some("عنوان من الخلاصة".into());
    raw.published = Some("Tue, 13 Jun 2023 06:30:00 GMT".into());
    raw.author = Some("محرر الخلاصة".into());
    let a = ex.extract(&raw);
    assert_eq!(a.title.as_deref(), Some("عنوان من الخلاصة"));
    assert_eq!(a.published.as_deref(), Some("2023-06-13"));
    assert_eq!(a.author.as_deref(), Some("محرر الخلاصة"));
    // The page's own headline still stays out of the body.
    assert_eq!(a.body, [P1, P2, P3, P4, P5].join("\n"));
}

#[test]
fn hostile_markup_does_not_panic() {
    let ex = Extractor::new().unwrap();
    let deep = "<div>".repeat(20_000) + "نص" + &"</div>".repeat(20_000);
    for page in [
        String::new(),
        "<".into(),
        "<p>".into(),
        deep,
        "<html><body><p>(</p><p>)</p><p>المصدر:</p><p>بقلم</p></body></html>".into(),
        "<title> - | - </title><meta property=\"article:published_time\" content=\"٢٠٢٠-٠١-٠١\">"
            .into(),
    ] {
        let a = ex.extract(&raw_html(page));
        assert!(a.body.len() < 200_000);
    }
}
