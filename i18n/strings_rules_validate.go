package i18n

// rulesValidateStrings are the problems tiering.Rules.Validate reports, one
// per code (tiering.RuleErrorCodes); the first argument is always the
// field's path, e.g. policies.A.discount.
var rulesValidateStrings = map[string][2]string{
	"rules.validate.days_range":         {"%s must be between %d and %d days (got %d)", "%s 必须在 %d 到 %d 天之间（现为 %d）"},
	"rules.validate.negative":           {"%s must be a number >= 0 (got %s)", "%s 必须是不小于 0 的数字（现为 %s）"},
	"rules.validate.threshold_negative": {"%s must be >= 0 (got %s)", "%s 不能小于 0（现为 %s）"},
	"rules.validate.not_finite":         {"%s must be a finite number (got %s)", "%s 必须是有限的数字（现为 %s）"},
	"rules.validate.weights_zero":       {"%s: weight_r, weight_f, weight_m, weight_loyalty and the graded columns' weights must not all be 0", "%s：weight_r、weight_f、weight_m、weight_loyalty 与参与评级各列的权重不能全为 0"},
	"rules.validate.bonus_range":        {"%s must be between 0 and 100 points (got %s)", "%s 必须在 0 到 100 分之间（现为 %s）"},
	"rules.validate.score_range":        {"%s must be a score between 0 and 100 (got %s)", "%s 必须是 0 到 100 之间的分数（现为 %s）"},
	"rules.validate.lines_order":        {"%[1]s (%[2]s) must not be above grade_a (%[3]s)", "%[1]s（%[2]s）不能高于 grade_a（%[3]s）：B 级分数线不能高于 A 级"},
	"rules.validate.dim_mode":           {`%s must be "quintile" or "absolute" (got %q)`, `%s 必须是 "quintile"（按五分位）或 "absolute"（按固定阈值）（现为 %q）`},
	"rules.validate.thresholds_down":    {"%s must not increase: they are days since the last purchase, from score 2 (oldest) to score 5 (most recent), e.g. 180, 90, 30, 7 (got %s)", "%s 不能递增：它们是距上次购买的天数，从 2 分（最久）到 5 分（最近），如 180, 90, 30, 7（现为 %s）"},
	"rules.validate.thresholds_up":      {"%s must not decrease (got %s): from score 2 (lowest) to score 5 (highest)", "%s 不能递减（现为 %s）：从 2 分（最低）到 5 分（最高）"},
	"rules.validate.unknown_grade":      {"%s: unknown grade %q (use A, B, C or D)", "%s：未知等级 %q（请用 A、B、C 或 D）"},
	"rules.validate.utf8":               {"%s is not valid UTF-8", "%s 不是有效的 UTF-8 文字"},
	"rules.validate.too_long":           {"%s must be at most %d characters (got %d)", "%s 最多 %d 个字符（现为 %d 个）"},
	"rules.validate.control":            {"%s must not contain control characters such as newlines or tabs", "%s 不能包含换行、制表符等控制字符"},
	"rules.validate.color":              {"%s must be a hex colour like #d4a017 or #fa0 (got %q)", "%s 必须是十六进制颜色，如 #d4a017 或 #fa0（现为 %q）"},
	"rules.validate.model":              {"%s must be %[3]q or %[4]q (got %[2]q)", "%s 必须是 %[3]q 或 %[4]q（现为 %[2]q）"},
	"rules.validate.probability":        {"%s must be a probability above 0 and below 1 (got %s)", "%s 必须是大于 0 且小于 1 的概率（现为 %s）"},
	"rules.validate.share":              {"%s must be a share above 0 and at most 1 (got %s)", "%s 必须是大于 0 且不超过 1 的比例（现为 %s）"},
	"rules.validate.unit_range":         {"%s must be between 0 and 1 (got %s)", "%s 必须在 0 到 1 之间（现为 %s）"},
	"rules.validate.too_many_columns":   {"%s: at most %d columns may grade (got %d)", "%s：最多 %d 列参与评级（现为 %d 列）"},
	"rules.validate.column_missing":     {"%s must name a column", "%s 必须指明一列"},
	"rules.validate.column_twice":       {"%s: %q grades twice", "%s：%q 重复参与评级"},
	"rules.validate.column_mode":        {`%s must be "thresholds", "quintile" or "choice" (got %q)`, `%s 必须是 "thresholds"（按阈值）、"quintile"（按五分位）或 "choice"（按选项）（现为 %q）`},
	"rules.validate.choice_score":       {"%s must be a score from 1 to 5 (got %d)", "%s 必须是 1 到 5 的分数（现为 %d）"},
	"rules.validate.channel_unknown":    {"%s: unknown channel %q (use %s)", "%s：未知渠道 %q（可用 %s）"},
	"rules.validate.channel_twice":      {"%s: %q is listed twice", "%s：%q 重复出现"},
	"rules.validate.percent_range":      {"%s must be a percent between 0 and 100 (got %s)", "%s 必须是 0 到 100 之间的百分数（现为 %s）"},
	"rules.validate.points_rate":        {"%s must be between 0 and %d points per yuan (got %s)", "%s 必须在每元 0 到 %d 分之间（现为 %s）"},
	"rules.validate.unreadable":         {"%s cannot be read: the rules stored in the ledger are damaged", "%s 无法读取：账本中保存的规则已损坏"},
}
