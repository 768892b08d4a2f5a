package i18n

// rulesColumnStrings are the rules editor's words for the columns graded as
// dimensions: picking one, how it is scored, its thresholds or the score of
// each choice, and adding or removing one.
var rulesColumnStrings = map[string][2]string{
	"hint.rules.addcol":     {"add column", "加评级列"},
	"hint.rules.delcol":     {"remove column", "删评级列"},
	"rules.col.column":      {"Graded column %d", "评级列 %d"},
	"rules.col.column.hint": {"←/→ picks a number, money or choice column; ctrl+x stops grading by it", "←/→ 选数字、金额或选项列；ctrl+x 不再按它评级"},
	"rules.col.add.hint":    {"ctrl+n grades by a column of yours too (信用, potential…)", "ctrl+n 再按某一列评级（如 信用、潜力）"},
	"rules.col.mode":        {"%s scored", "%s 评分方式"},
	"rules.col.thr":         {"%s thresholds", "%s 阈值"},
	"rules.col.thr.hint":    {"4 rising values that reach scores 2, 3, 4, 5", "4 个递增的值，分别达到 2、3、4、5 分"},
	"rules.col.map":         {"%s scores", "%s 各选项得分"},
	"rules.col.map.hint":    {"choice=score 1–5, a choice left out scores 1; choices: %s", "选项=分数 1–5，未列出的选项得 1 分；选项：%s"},
	"rules.col.many":        {"at most %d columns may grade", "最多 %d 列参与评级"},
	"rules.col.none":        {"every column that can grade already does", "能参与评级的列都已在评级"},
	"rules.col.added":       {"%s now grades: set its weight and how it is scored", "%s 已参与评级：请设置权重和评分方式"},
	"rules.col.removed":     {"%s no longer grades", "%s 不再参与评级"},
	"rules.err.colmode":     {"use %s or %s", "请用 %s 或 %s"},
	"rules.err.choicepair":  {"%q: write choice=score, e.g. large=5", "%q：请写成 选项=分数，如 大型=5"},
	"rules.err.choice":      {"%q is not a choice of this column: use %s", "%q 不是这一列的选项：可用 %s"},
	"rules.err.choicescore": {"the score of %s must be a whole number from 1 to 5", "%s 的分数必须是 1 到 5 的整数"},
	"rules.err.choicetwice": {"%s is scored twice", "%s 重复给分"},
}
