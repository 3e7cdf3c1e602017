package diag

import (
	"fmt"
	"strings"
)

// Lang is a language problems are shown in.
type Lang int

const (
	En Lang = iota // English, the zero Lang: what String and Error show
	Zh             // Simplified Chinese
)

// ParseLang reads a -lang flag or a site language: "zh", "zh-CN", "中文",
// "en", "en-US"… ok is false for anything else.
func ParseLang(s string) (Lang, bool) {
	switch k := strings.ToLower(strings.TrimSpace(s)); {
	case k == "zh" || strings.HasPrefix(k, "zh-") || strings.HasPrefix(k, "zh_") || k == "中文":
		return Zh, true
	case k == "en" || strings.HasPrefix(k, "en-") || strings.HasPrefix(k, "en_"):
		return En, true
	}
	return En, false
}

func (l Lang) String() string {
	if l == Zh {
		return "zh"
	}
	return "en"
}

// Message is one message in both languages: two fmt formats of the same
// arguments. The Chinese one may take them in another order (%[2]s).
// Write it with M where the problem is found, as
//
//	problems.Err(loc, diag.M("%s: %q is not a number", "%s：“%s”不是数字"), name, text)
//
// TestMessagesAgree checks that both formats use the same arguments.
type Message struct{ En, Zh string }

// M is the message with an English and a Chinese format.
func M(en, zh string) Message { return Message{En: en, Zh: zh} }

// Text formats m with args in both languages, as an argument of another
// message or a text shown outside a problem.
func (m Message) Text(args ...any) Text { return Text{En: m.format(En, args), Zh: m.format(Zh, args)} }

// Sprint formats m with args in lang.
func Sprint(lang Lang, m Message, args ...any) string { return m.format(lang, args) }

// format formats m in lang, putting every argument that has a text of its
// own in each language (a Text, an error with an In method) in lang's.
func (m Message) format(lang Lang, args []any) string {
	f := m.En
	if lang == Zh && m.Zh != "" {
		f = m.Zh
	}
	if len(args) == 0 {
		return f
	}
	local := args
	for i, a := range args {
		if t, ok := a.(interface{ In(Lang) string }); ok {
			if &local[0] == &args[0] {
				local = append([]any(nil), args...)
			}
			local[i] = t.In(lang)
		}
	}
	return fmt.Sprintf(f, local...)
}

// Text is a text in both languages: an argument of a message that reads
// differently in each, such as a column's meaning or a list of choices.
type Text struct{ En, Zh string }

// T is a Text.
func T(en, zh string) Text { return Text{En: en, Zh: zh} }

// In is the text in lang; the English text when it has no Chinese one.
func (t Text) In(lang Lang) string {
	if lang == Zh && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

func (t Text) String() string { return t.En }

// Join joins texts with a separator in each language: ", " and "、" for
// a list.
func Join(texts []Text, sepEn, sepZh string) Text {
	en, zh := make([]string, len(texts)), make([]string, len(texts))
	for i, t := range texts {
		en[i], zh[i] = t.In(En), t.In(Zh)
	}
	return Text{En: strings.Join(en, sepEn), Zh: strings.Join(zh, sepZh)}
}
