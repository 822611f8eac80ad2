package org.videollm4j.prompt;

/**
 * English cardinal numbers written the way the Python {@code num2words} package (lang EN) writes them, which
 * SmolVLM's processor uses for the frame count of a video prompt: "zero", "twenty-one", "one hundred and
 * five", "one thousand, two hundred and thirty-four", "two thousand and one". Range 0..999,999.
 */
public final class NumberWords {
    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety"};

    private NumberWords() {
    }

    public static String of(int n) {
        if (n < 0 || n > 999_999) {
            throw new IllegalArgumentException("number words are written for 0..999999, got " + n);
        }
        if (n < 1000) {
            return belowThousand(n);
        }
        String thousands = belowThousand(n / 1000) + " thousand";
        int rest = n % 1000;
        if (rest == 0) {
            return thousands;
        }
        // num2words joins a remainder below 100 with " and ", a larger one with ", ".
        return thousands + (rest < 100 ? " and " : ", ") + belowThousand(rest);
    }

    private static String belowThousand(int n) {
        if (n < 100) {
            return belowHundred(n);
        }
        String hundreds = ONES[n / 100] + " hundred";
        int rest = n % 100;
        return rest == 0 ? hundreds : hundreds + " and " + belowHundred(rest);
    }

    private static String belowHundred(int n) {
        if (n < 20) {
            return ONES[n];
        }
        return TENS[n / 10] + (n % 10 == 0 ? "" : "-" + ONES[n % 10]);
    }
}
