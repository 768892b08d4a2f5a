package i18n

// serveHelpZh is the Chinese help of kehu serve and of the staff's keys.
var serveHelpZh = map[string]CommandHelp{
	"kehu serve": {
		English: "4d4336b7",
		Short:   "通过 SSH 把表格提供给员工使用（两个柜台，一本账）",
		Long: `运行一个 SSH 服务器：每个连接都得到这本账上完整的 kehu 表格，各自有自己的光标、
视图、筛选和语言。员工用自己的 SSH 密钥连接（kehu staff add 姓名 --key 文件.pub）；
由密钥决定是谁，与输入的用户名无关。从不接受密码。

会话中做的每项修改都记在该员工名下（详情页的修改记录会显示）；会话中新增的客户，
未指定负责人时由该员工负责。一个会话、一条命令或定时任务做的修改，一秒内出现在
其他所有表格中，光标停在原处。

主机密钥在第一次运行时生成（权限 0600），默认放在账本旁边，可用 --host-key 指定位置。
默认只有本机能连接：要让店里其他电脑连接，请给 --listen 0.0.0.0:2222。
收到 SIGTERM（systemctl stop）时不再接受连接，通知每个会话，给它们 --grace 的时间
保存正在输入的内容，所有写入提交后以 0 退出。`,
		Flags: map[string]string{
			"listen":       "监听地址；其他电脑要连接须用如 0.0.0.0:2222",
			"host-key":     "服务器的 SSH 主机密钥，第一次运行时生成（默认：账本旁边的 ssh_host_ed25519_key）",
			"max-sessions": "同时最多几个会话；再多一个会被告知服务器正忙",
			"idle-timeout": "多久没有按键就关闭会话",
			"grace":        "收到 SIGTERM 后，会话还能保存多久才被关闭",
		},
	},
	"kehu staff key": {
		English: "4dffd3d4",
		Short:   "让员工多用几把密钥连接 kehu serve（另一台电脑）",
	},
	"kehu staff revoke": {
		English: "3bcb765d",
		Short:   "收回员工的所有密钥：此后不能再连接 kehu serve",
	},
}
