//! Throughput of `Resolver::find` on generated Arabic news-like text.
//! Run: `cargo run --release -p rasad-time --example throughput [FILE]`
//! (FILE: any UTF-8 text, e.g. a corpus dump; default: generated text).

use std::time::Instant;

fn main() {
    let resolver = match rasad_time::Resolver::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    // Sentences written for this benchmark: mostly ordinary words, some dates.
    let para = "قال وزير الخارجية في مؤتمر صحافي عقده مساء أمس إن المفاوضات ستستأنف الأسبوع المقبل في جنيف، \
وأضاف أن الجولة السابقة التي جرت في 13 تشرين الثاني/نوفمبر 2015 لم تسفر عن نتائج ملموسة بسبب الخلافات \
حول مستقبل المرحلة الانتقالية والترتيبات الأمنية في المدن الكبرى. وكانت الحكومة قد أعلنت الخميس الماضي \
عن خطة جديدة لإعادة الإعمار تشمل بناء المدارس والمستشفيات وشبكات المياه والكهرباء في المناطق المتضررة \
من الحرب، على أن يبدأ تنفيذها مطلع العام المقبل بتمويل من الدول المانحة والمؤسسات الدولية.\n";
    let text = match std::env::args().nth(1) {
        Some(path) => match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        },
        None => para.repeat(20_000_000 / para.len() + 1),
    };
    let anchor = chrono::NaiveDate::from_ymd_opt(2015, 11, 20);
    let t = Instant::now();
    let found = resolver.find(&text, anchor);
    let secs = t.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!(
        "{mb:.1} MB in {secs:.3} s = {:.1} MB/s, {} expressions",
        mb / secs,
        found.len()
    );
}
