package io.parley.demo.waitingroom;

import java.util.List;
import java.util.Map;

/** Who sits in the simulated waiting room and what they say: short consultations, in their own language. */
final class Scripts {
    /** One thing a patient sends: text, or a custom type with its payload and fallbackText. */
    record Line(String text, String customType, Map<String, Object> payload) {
        static Line text(String text) {
            return new Line(text, null, null);
        }

        static Line vitals(String fallback, Map<String, Object> payload) {
            return new Line(fallback, "vitals", payload);
        }
    }

    /** A patient: pin, the display name their token signs, what they write unprompted, and answers to the doctor. */
    record Person(String pin, String name, List<Line> lines, List<String> answers) {
    }

    static final String APP = "parley.patient";

    static final List<Person> PEOPLE = List.of(
            new Person("patient-lina", "李娜", List.of(
                    Line.text("王医生您好，我这两天一直咳嗽，晚上更厉害。"),
                    Line.text("没有发烧，就是嗓子有点疼。"),
                    Line.vitals("[体温] 36.8 °C", Map.of("temperature", 36.8)),
                    Line.text("之前吃过一次止咳糖浆，好像没什么用。"),
                    Line.text("需要去医院拍片吗？"),
                    Line.text("好的，我先观察两天。")),
                    List.of("好的，谢谢医生！", "明白了，我今天就去药店买。", "需要空腹吃吗？", "大概三天了。")),
            new Person("patient-emma", "Emma Clarke", List.of(
                    Line.text("Hi doctor, I have a red rash on my forearm since yesterday."),
                    Line.text("It itches a lot, especially at night."),
                    Line.text("I started a new laundry detergent last week, could that be it?"),
                    Line.text("No swelling in my face or lips, breathing is fine."),
                    Line.text("Can I use the hydrocortisone cream I have at home?")),
                    List.of("Thank you, doctor!", "OK, I'll try that tonight.", "Should I keep it covered?",
                            "About two days now.")),
            new Person("patient-zhangwei", "张伟", List.of(
                    Line.text("医生，早上量血压有点高。"),
                    Line.vitals("[血压] 148/95 mmHg，心率 82", Map.of("systolic", 148, "diastolic", 95, "pulse", 82)),
                    Line.text("降压药我一直按时吃的。"),
                    Line.text("最近工作比较忙，睡得不太好。"),
                    Line.text("要不要调整一下药量？")),
                    List.of("好的，我明天早上再量一次。", "谢谢王医生。", "饭前吃还是饭后吃？", "头不晕，就是有点累。")),
            new Person("patient-omar", "Omar Haddad", List.of(
                    Line.text("Hello, my left knee hurts after running."),
                    Line.text("It's on the inner side, worse going down stairs."),
                    Line.text("I've been icing it twice a day."),
                    Line.vitals("[Pain] 5/10 after a 5 km run", Map.of("pain", 5, "distanceKm", 5)),
                    Line.text("Is it OK to keep cycling in the meantime?")),
                    List.of("Great, thanks!", "Got it, no running this week.", "How long should I rest it?",
                            "It started about a week ago.")),
            new Person("patient-chenjing", "陈静", List.of(
                    Line.text("医生您好，孩子昨晚开始发烧。"),
                    Line.vitals("[体温] 38.6 °C（孩子，4 岁）", Map.of("temperature", 38.6, "ageYears", 4)),
                    Line.text("精神还可以，就是吃饭不太好。"),
                    Line.text("退烧药隔多久可以再吃一次？"),
                    Line.text("现在降到 37.9 了。")),
                    List.of("好的，我多给他喝水。", "谢谢医生，放心多了。", "晚上还要再量吗？", "没有咳嗽。")));

    private Scripts() {
    }
}
