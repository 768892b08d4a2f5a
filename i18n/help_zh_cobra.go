package i18n

// cobraHelpZh is the Chinese help of the root command and of the commands
// cobra adds by itself (help, completion); their English is cobra's own.
var cobraHelpZh = map[string]CommandHelp{
	"kehu": {
		English: "065c9ca7",
		Short:   "客户 — 用键盘操作的终端客户表格",
		Long: `kehu（客户）把店里的客户记在一个 SQLite 账本里，在终端中像电子表格一样显示。
每位客户都按真实消费评为 A/B/C/D 级；联系和跟进记录汇成每天的待办。

不带命令运行即打开表格。第一次用？试试：
  kehu demo      # 生成一家示例店铺来熟悉
  kehu           # 打开表格（按 ? 查看按键）`,
		Flags: map[string]string{
			"db":   "账本`文件`（默认 $KEHU_DB，否则 $XDG_DATA_HOME/kehu/ledger.db）",
			"lang": "界面`语言`：zh 或 en（默认 $KEHU_LANG，否则按 LANG 判断）",
		},
	},
	"kehu help": {
		English: "bc81085b",
		Short:   "查看任一命令的帮助",
		Long: `显示任一命令的帮助。
输入 kehu help [命令路径] 查看完整说明。`,
	},
	"kehu completion": {
		English: "216d4c6b",
		Short:   "生成指定 shell 的自动补全脚本",
		Long: `为 kehu 生成指定 shell 的自动补全脚本。
各子命令的帮助里写了生成的脚本怎么用。`,
	},
	"kehu completion bash": {
		English: "5fa7310d",
		Short:   "生成 bash 的自动补全脚本",
		Long: `生成 bash 的自动补全脚本。

这个脚本依赖 'bash-completion' 软件包。
如果还没有安装，可以用系统的包管理器安装。

在当前 shell 会话中加载补全：

	source <(kehu completion bash)

让以后每个新会话都加载补全，执行一次：

#### Linux：

	kehu completion bash > /etc/bash_completion.d/kehu

#### macOS：

	kehu completion bash > $(brew --prefix)/etc/bash_completion.d/kehu

新开一个 shell 后生效。`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
	"kehu completion zsh": {
		English: "d25b9569",
		Short:   "生成 zsh 的自动补全脚本",
		Long: `生成 zsh 的自动补全脚本。

如果环境中还没有启用 shell 补全，需要先启用，执行一次：

	echo "autoload -U compinit; compinit" >> ~/.zshrc

在当前 shell 会话中加载补全：

	source <(kehu completion zsh)

让以后每个新会话都加载补全，执行一次：

#### Linux：

	kehu completion zsh > "${fpath[1]}/_kehu"

#### macOS：

	kehu completion zsh > $(brew --prefix)/share/zsh/site-functions/_kehu

新开一个 shell 后生效。`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
	"kehu completion fish": {
		English: "8c92443d",
		Short:   "生成 fish 的自动补全脚本",
		Long: `生成 fish 的自动补全脚本。

在当前 shell 会话中加载补全：

	kehu completion fish | source

让以后每个新会话都加载补全，执行一次：

	kehu completion fish > ~/.config/fish/completions/kehu.fish

新开一个 shell 后生效。`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
	"kehu completion powershell": {
		English: "daca1b44",
		Short:   "生成 powershell 的自动补全脚本",
		Long: `生成 powershell 的自动补全脚本。

在当前 shell 会话中加载补全：

	kehu completion powershell | Out-String | Invoke-Expression

让以后每个新会话都加载补全，把上面这条命令的输出加到 powershell 配置文件（profile）中。`,
		Flags: map[string]string{"no-descriptions": "补全时不显示说明"},
	},
}
